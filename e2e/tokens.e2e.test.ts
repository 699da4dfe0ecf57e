// Aiven tokens against the real API server and the simulator (tokens scoped to projects): which source wins, what
// each problem says, that a token appearing or rotating needs no restart, and that no token reaches the log.
import { describe, expect, test } from '@jest/globals';
import type { AivenApplication } from '../pkg/api/aiven-application.ts';
import { createApp } from './support/aiven-applications.ts';
import { declareInstance } from '../testenv/aiven-operator.ts';
import { countReadyApps, createPostgresApps } from '../testenv/many-apps.ts';
import { kafkaApp, useSynchronizer } from './support/synchronizer.ts';
import { waitFor } from '../testenv/wait.ts';

const soon = { timeoutMs: 30_000, intervalMs: 250 };

describe('Aiven tokens', () => {
  const harness = useSynchronizer();
  const { ns, simulator, core, waitForReady, secret } = harness;
  /** Every token value a test hands out; none may appear anywhere in the controller's output. */
  const handedOut = new Set<string>(['sim-admin-token', 'sim-dev-only-token']);

  function token(name: string, projects: string[] = ['*']): string {
    const value = `${name}-${ns.name}`;
    simulator.sim.state.addToken(value, projects);
    handedOut.add(value);
    return value;
  }
  const putTokenSecret = (name: string, stringData: Record<string, string>) =>
    core.createNamespacedSecret({ namespace: ns.name, body: { metadata: { name }, stringData } });
  const patchTokenSecret = (name: string, stringData: Record<string, string>) =>
    harness.patchSecretAs('person', name, { stringData });
  const withDefaultSecret = (name: string) => [`--default-token-secret=${name}`, `--controller-namespace=${ns.name}`];
  /** The tokens the simulator saw on the requests about `app`'s users (their names hold the app's). */
  const tokensUsedFor = (app: string) =>
    new Set(
      simulator.sim
        .requests()
        .filter((r) => r.user?.includes(app))
        .map((r) => r.token),
    );
  const reasonOf = async (app: string, reason: string) =>
    waitFor(
      `${app} Ready=False with ${reason}`,
      async () => {
        const ready = (await harness.readApp(app)).status?.conditions?.find((c) => c.type === 'Ready');
        return ready?.reason === reason ? ready : undefined;
      },
      soon,
    );
  const expectNoTokenInOutput = () => {
    const output = harness.output();
    expect(output.length).toBeGreaterThan(0);
    for (const value of handedOut) expect(output).not.toContain(value);
  };

  test("prefers the app's own token secret to the default, and the default to the environment", async () => {
    const central = token('central');
    const own = token('own');
    await putTokenSecret('central', { token: central });
    await putTokenSecret('team-token', { token: own });
    harness.start(withDefaultSecret('central')); // the environment has the admin token too
    await createApp(ns.name, kafkaApp('by-default', 'by-default-aiven'));
    const ownApp: AivenApplication = kafkaApp('by-own', 'by-own-aiven');
    await createApp(ns.name, {
      ...ownApp,
      spec: { ...ownApp.spec, authSecretRef: { name: 'team-token', key: 'token' } },
    });
    await waitForReady('by-default', 'True');
    await waitForReady('by-own', 'True');
    expect(tokensUsedFor('by-default')).toEqual(new Set([central]));
    expect(tokensUsedFor('by-own')).toEqual(new Set([own]));
    const recorded = async (name: string) =>
      (await secret(name))?.metadata?.annotations?.['aivenator.aiven.nais.io/token-source'];
    expect(await recorded('by-default-aiven')).toBe(`default:${ns.name}/central/token`);
    expect(await recorded('by-own-aiven')).toBe(`authSecretRef:${ns.name}/team-token/token`);
    expectNoTokenInOutput();
  });

  test("cleans up a deleted secret's users with the token that made them", async () => {
    const own = token('cleanup-own');
    await putTokenSecret('team-token', { token: own });
    harness.start(['--janitor-dry-run=true']); // the environment has the admin token
    const app: AivenApplication = kafkaApp('leaver', 'leaver-aiven');
    await createApp(ns.name, { ...app, spec: { ...app.spec, authSecretRef: { name: 'team-token', key: 'token' } } });
    await waitForReady('leaver', 'True');
    await harness.custom.deleteNamespacedCustomObject({
      group: 'aiven.nais.io',
      version: 'v1',
      plural: 'aivenapplications',
      namespace: ns.name,
      name: 'leaver',
    });
    await harness.deleteSecret('leaver-aiven');
    await harness.waitForSecretGone('leaver-aiven');
    const deletes = simulator.sim.requests().filter((r) => r.operation === 'ServiceUserDelete');
    expect(deletes.map((r) => [r.token, r.status])).toEqual([[own, 200]]);
    expectNoTokenInOutput();
  });

  test('names what is missing, makes no Aiven call meanwhile, and converges when the token appears', async () => {
    harness.start();
    const app: AivenApplication = kafkaApp('patient', 'patient-aiven');
    await createApp(ns.name, { ...app, spec: { ...app.spec, authSecretRef: { name: 'later', key: 'token' } } });
    const notFound = await reasonOf('patient', 'AivenTokenSecretNotFound');
    expect(notFound.message).toContain(`no secret ${ns.name}/later`);
    await waitFor(
      'a Warning event',
      async () => (await harness.eventsOf('patient')).find((e) => e === 'Warning SyncFailed'),
      soon,
    );

    await putTokenSecret('later', { other: 'x' });
    expect((await reasonOf('patient', 'AivenTokenKeyNotFound')).message).toContain('has no key token');
    await patchTokenSecret('later', { token: '' });
    await reasonOf('patient', 'AivenTokenEmpty');
    expect(tokensUsedFor('patient').size).toBe(0);

    await patchTokenSecret('later', { token: token('later') });
    await waitForReady('patient', 'True');
    expectNoTokenInOutput();
  });

  test("an app's own token secret rotated: the next synchronization reads it again and uses the new token", async () => {
    const first = token('first');
    await putTokenSecret('rotating-token', { token: first });
    harness.start();
    const app: AivenApplication = kafkaApp('rotator', 'rotator-aiven');
    await createApp(ns.name, {
      ...app,
      spec: { ...app.spec, authSecretRef: { name: 'rotating-token', key: 'token' } },
    });
    await waitForReady('rotator', 'True');
    expect(tokensUsedFor('rotator')).toEqual(new Set([first]));

    const second = token('second');
    await patchTokenSecret('rotating-token', { token: second });
    simulator.sim.state.revokeToken(first);
    simulator.sim.resetRequests();
    await harness.patchApp('rotator', [{ op: 'add', path: '/spec/protected', value: true }]);
    await waitFor(
      'a synchronization of the new generation',
      async () => ((await harness.readApp('rotator')).status?.synchronizedGeneration === 2 ? true : undefined),
      soon,
    );
    expect((await harness.readApp('rotator')).status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(tokensUsedFor('rotator')).toEqual(new Set([second]));
    expectNoTokenInOutput();
  });

  test("--verify-token checks the controller's own token once at start-up and logs the outcome", async () => {
    await putTokenSecret('central', { token: 'not-a-token-aiven-knows' });
    handedOut.add('not-a-token-aiven-knows');
    harness.start([...withDefaultSecret('central'), '--verify-token=true'], { aivenToken: null });
    const failed = await harness.waitForLog('Aiven token check failed');
    expect(failed).toMatchObject({
      reason: 'AivenTokenRejected',
      source: `key token of secret ${ns.name}/central (the default token secret)`,
    });
    expectNoTokenInOutput();
    await harness.stop();
    harness.start(['--verify-token=true']); // the environment's admin token
    expect(await harness.waitForLog('Aiven token check passed')).toMatchObject({ source: 'AIVENATOR_AIVEN_TOKEN' });
    expectNoTokenInOutput();
  });

  test('says MissingAivenToken, naming every source, when there is none', async () => {
    harness.start([], { aivenToken: null });
    await createApp(ns.name, kafkaApp('tokenless', 'tokenless-aiven'));
    const missing = await reasonOf('tokenless', 'MissingAivenToken');
    expect(missing.message).toContain('no spec.authSecretRef');
    expect(missing.message).toContain('--default-token-secret');
    expect(missing.message).toContain('AIVENATOR_AIVEN_TOKEN');
    expect(simulator.sim.requests()).toEqual([]);
  });

  test('a token for one project only gets a permanent, clear condition for another', async () => {
    const devOnly = token('dev-only', ['dev-nais-dev']);
    await putTokenSecret('central', { token: devOnly });
    harness.start([...withDefaultSecret('central'), '--projects=dev-nais-dev,nav-prod'], { aivenToken: null });
    const app: AivenApplication = kafkaApp('elsewhere', 'elsewhere-aiven');
    await createApp(ns.name, { ...app, spec: { ...app.spec, kafka: { pool: 'nav-prod' } } });
    const rejected = await reasonOf('elsewhere', 'AivenTokenRejected');
    expect(rejected.message).toContain('HTTP 403');
    expect(rejected.message).toContain(`token from key token of secret ${ns.name}/central (the default token secret)`);
    const attempts = simulator.sim.requests().length;
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(simulator.sim.requests().length).toBe(attempts); // permanent: no retry until something changes
    expectNoTokenInOutput();
  });

  test('rotating the default token while 100 apps synchronize: all converge on the new token, no restart', async () => {
    const before = token('rotate-old');
    const after = token('rotate-new');
    await putTokenSecret('central', { token: before });
    await declareInstance(harness.kc, 'PostgreSQL', ns.name, 'pg-team-a');
    harness.start(withDefaultSecret('central'), { aivenToken: null });
    await harness.waitForLog('workers started');
    await createPostgresApps(harness.custom, ns.name, 100, 'pg-team-a');
    // Mid-sync: the rotation comes once the old token has served calls (a busy machine may not have made one yet).
    const servedOld = () => simulator.sim.requests().some((r) => r.token === before && r.status === 200);
    await waitFor('a call served with the old token', () => Promise.resolve(servedOld() || undefined), {
      timeoutMs: 30_000,
      intervalMs: 50,
    });
    // Rotation as Aiven users do it: the secret gets the new token and the old one is revoked at once.
    await patchTokenSecret('central', { token: after });
    simulator.sim.state.revokeToken(before);
    await waitFor(
      '100 apps Ready',
      async () => ((await countReadyApps(harness.custom, ns.name)) === 100 ? true : undefined),
      {
        timeoutMs: 90_000,
        intervalMs: 500,
      },
    );
    const seen = harness.logLines().find((l) => l.message === 'default token secret changed' && l.change === 'update');
    const seenAt = Date.parse(String(seen?.timestamp));
    expect(Number.isNaN(seenAt)).toBe(false);
    // Reconciles that started before the change may finish with the old token (refused now, then retried); none
    // starts with it afterwards.
    const lateOld = simulator.sim.requests().filter((r) => r.token === before && r.at > seenAt + 2000);
    expect(lateOld).toEqual([]);
    expect(simulator.sim.requests().filter((r) => r.token === after).length).toBeGreaterThan(0);
    expect(harness.logLines().filter((l) => l.message === 'controller ready')).toHaveLength(1);
    expectNoTokenInOutput();
  }, 150_000);
});

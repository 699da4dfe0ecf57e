// The synchronizer over time: no-op resyncs, call counts, new generations, deleted secrets (deleted mid-synchronization:
// synchronizer-deletion-race).
import { describe, expect, test } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { aivenApplicationApiVersion } from '../pkg/api/aiven-application.ts';
import { createApp } from './support/aiven-applications.ts';
import { userCalls } from './support/aiven.ts';
import { declareInstance } from '../testenv/aiven-operator.ts';
import { countReadyApps, createPostgresApps } from '../testenv/many-apps.ts';
import { kafkaApp, useSynchronizer } from './support/synchronizer.ts';
import { waitFor } from '../testenv/wait.ts';

describe('the synchronizer over time', () => {
  const harness = useSynchronizer();
  const { kc, custom, simulator, ns, start, readApp, waitForReady, secret, deleteSecret, eventsOf } = harness;

  test('makes no Aiven call and no write when an unchanged app is reconciled again', async () => {
    start();
    await createApp(ns.name, kafkaApp('steady', 'steady-aiven'));
    await waitForReady('steady', 'True');
    const before = {
      secret: (await secret('steady-aiven'))?.metadata?.resourceVersion,
      app: (await readApp('steady')).metadata.resourceVersion,
    };
    simulator.sim.resetRequests();

    // A label change is an event for the app (a reconcile), not a spec change.
    await harness.patchApp('steady', [{ op: 'add', path: '/metadata/labels', value: { touched: 'yes' } }]);
    await sleep(2000);
    expect(simulator.sim.requests()).toEqual([]);
    expect((await secret('steady-aiven'))?.metadata?.resourceVersion).toBe(before.secret);
    expect((await readApp('steady')).status?.synchronizationTime).toBeDefined();
    expect((await readApp('steady')).metadata.resourceVersion).not.toBe(before.app); // only our label change
  });

  test('costs a new Kafka app one Aiven call once caches are warm, and synchronizes it once', async () => {
    start();
    await createApp(ns.name, kafkaApp('warm', 'warm-aiven'));
    await waitForReady('warm', 'True');
    simulator.sim.resetRequests();
    await createApp(ns.name, kafkaApp('counted', 'counted-aiven'));
    await waitForReady('counted', 'True');
    await sleep(1500); // time for a second synchronization, which must not happen
    expect(simulator.sim.requests().map((r) => `${r.operation} ${String(r.status)}`)).toEqual([
      'ServiceUserCreate 200',
    ]);
  });

  test('gives a new generation a new user and deletes the old one after its grace period', async () => {
    start(['--user-grace-period=2s']);
    await createApp(ns.name, kafkaApp('rotating', 'rotating-aiven'));
    await waitForReady('rotating', 'True');
    const userOf = async () =>
      (await secret('rotating-aiven'))?.metadata?.annotations?.['kafka.aiven.nais.io/serviceUser'] ?? '';
    const kafkaUsers = () => simulator.sim.state.service('dev-nais-dev', 'kafka')?.users;
    const first = await userOf();

    await harness.patchApp('rotating', [{ op: 'add', path: '/spec/protected', value: true }]);
    const second = await waitFor('a new user', async () => ((await userOf()) !== first ? userOf() : undefined), {
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    expect(kafkaUsers()?.get(first)).toBeDefined(); // still within its grace period
    expect(
      (await secret('rotating-aiven'))?.metadata?.annotations?.['aivenator.aiven.nais.io/retired-users'],
    ).toContain(first);

    await waitFor(
      'the old user to be deleted',
      () => Promise.resolve(kafkaUsers()?.get(first) === undefined || undefined),
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    expect(kafkaUsers()?.get(second)).toBeDefined();
    await waitFor(
      'the retired record to be cleared',
      async () => {
        const annotations = (await secret('rotating-aiven'))?.metadata?.annotations ?? {};
        return 'aivenator.aiven.nais.io/retired-users' in annotations ? undefined : true;
      },
      { timeoutMs: 10_000, intervalMs: 200 },
    );
  });

  test("deletes a deleted app's replaced user when its grace ends, while the janitor keeps its protected secret, across a restart", async () => {
    start(['--user-grace-period=3s', '--janitor-interval=1s']);
    await createApp(ns.name, kafkaApp('leaving', 'leaving-aiven'));
    await waitForReady('leaving', 'True');
    const userOf = async () =>
      (await secret('leaving-aiven'))?.metadata?.annotations?.['kafka.aiven.nais.io/serviceUser'] ?? '';
    const kafkaUsers = () => simulator.sim.state.service('dev-nais-dev', 'kafka')?.users;
    const replaced = await userOf();
    await harness.patchApp('leaving', [{ op: 'add', path: '/spec/protected', value: true }]);
    const current = await waitFor('a new user', async () => ((await userOf()) !== replaced ? userOf() : undefined), {
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    await harness.deleteApp('leaving'); // within the replaced user's grace period
    // A restart meanwhile: only the kept secret, seen again at start, says there is still work for the gone app.
    await harness.stop();
    start(['--user-grace-period=3s', '--janitor-interval=1s']);

    await waitFor(
      'the replaced user to be deleted',
      () => Promise.resolve(kafkaUsers()?.get(replaced) === undefined || undefined),
      { timeoutMs: 20_000, intervalMs: 200 },
    );
    await waitFor(
      'the retired record to be cleared',
      async () =>
        'aivenator.aiven.nais.io/retired-users' in ((await secret('leaving-aiven'))?.metadata?.annotations ?? {})
          ? undefined
          : true,
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    const kept = await secret('leaving-aiven');
    expect(kept?.metadata?.deletionTimestamp).toBeUndefined(); // protected: the janitor keeps it
    expect(kept?.metadata?.labels).toMatchObject({
      app: 'leaving',
      team: ns.name,
      'aivenator.aiven.nais.io/protected': 'true',
    });
    expect(kafkaUsers()?.get(current)).toBeDefined(); // its current user goes with the secret, not before
  });

  test('re-creates a deleted secret after the finalizer deleted its user, under the same name', async () => {
    start();
    await createApp(ns.name, kafkaApp('phoenix', 'phoenix-aiven'));
    await waitForReady('phoenix', 'True');
    const first = await secret('phoenix-aiven');
    const username = first?.metadata?.annotations?.['kafka.aiven.nais.io/serviceUser'];
    simulator.sim.resetRequests();
    await deleteSecret('phoenix-aiven');
    const back = await waitFor(
      'a new secret',
      async () => {
        const found = await secret('phoenix-aiven');
        return found?.metadata?.uid !== first?.metadata?.uid && found?.data?.KAFKA_CERTIFICATE ? found : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(back.metadata?.annotations?.['kafka.aiven.nais.io/serviceUser']).toBe(username);
    // The old secret's cleanup runs to the end before the secret is gone, so the user is deleted, then made again.
    expect(userCalls(simulator.sim)).toEqual(['ServiceUserDelete 200', 'ServiceUserCreate 200']);
  });

  test('leaves exactly one user per service, each named on the secret, after failed attempts are retried', async () => {
    // The legacy instance name: the simulator's service is opensearch-team-a-logs whatever the test namespace.
    await declareInstance(kc, 'OpenSearch', ns.name, 'opensearch-team-a-logs');
    // Every OpenSearch ACL read fails for a while: each attempt gets as far as creating users, then fails.
    simulator.sim.faults.set([{ kind: 'status', status: 503, operation: 'ServiceOpenSearchAclGet', times: 8 }]);
    start();
    await createApp(ns.name, {
      apiVersion: aivenApplicationApiVersion,
      kind: 'AivenApplication',
      metadata: { name: 'retry' },
      spec: {
        secretName: 'retry-aiven',
        kafka: { pool: 'dev-nais-dev' },
        openSearch: { instance: 'opensearch-team-a-logs' },
      },
    });
    await waitForReady('retry', 'True');
    expect(simulator.sim.faults.list()).toEqual([]); // every injected failure was hit
    expect(await eventsOf('retry')).toContain('Warning SyncFailed');

    const annotations = (await secret('retry-aiven'))?.metadata?.annotations ?? {};
    const users = (service: string) =>
      simulator.sim.state
        .service('dev-nais-dev', service)
        ?.users.list()
        .map((u) => u.username) ?? [];
    expect(users('kafka').filter((u) => u.startsWith(`${ns.name}_retry_`))).toEqual([
      annotations['kafka.aiven.nais.io/serviceUser'],
    ]);
    expect(users('opensearch-team-a-logs').filter((u) => u.startsWith(`${ns.name}-`))).toEqual([
      annotations['opensearch.aiven.nais.io/serviceUser'],
    ]);
  });

  test('deletes an app whose expiresAt has passed', async () => {
    start();
    await createApp(ns.name, {
      ...kafkaApp('expired', 'expired-aiven'),
      spec: { secretName: 'expired-aiven', kafka: { pool: 'dev-nais-dev' }, expiresAt: '2020-01-01T00:00:00Z' },
    });
    await waitFor(
      'the app to be deleted',
      () =>
        readApp('expired').then(
          () => undefined,
          () => true,
        ),
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(simulator.sim.count('ServiceUserCreate')).toBe(0);
    // Said as an event, not only in the controller's log.
    await waitFor('the Expired event', async () => (await eventsOf('expired')).find((e) => e === 'Normal Expired'), {
      timeoutMs: 10_000,
      intervalMs: 200,
    });
  });

  test('does not retry what Aiven refuses (4xx) until the app changes', async () => {
    simulator.sim.faults.set([{ kind: 'status', status: 400, operation: 'ServiceUserCreate' }]);
    start();
    await createApp(ns.name, kafkaApp('refused', 'refused-aiven'));
    expect(await waitForReady('refused', 'False')).toMatchObject({ reason: 'AivenRejected' });
    const attempts = simulator.sim.count('ServiceUserCreate');
    await sleep(3000);
    expect(simulator.sim.count('ServiceUserCreate')).toBe(attempts);
  });

  test('reads the project CA and the service once for 1,000 apps in one project', async () => {
    const apps = 1000;
    await declareInstance(kc, 'PostgreSQL', ns.name, 'pg-team-a');
    start();
    await createPostgresApps(custom, ns.name, apps, 'pg-team-a');
    await waitFor(
      'every app to be Ready',
      async () => ((await countReadyApps(custom, ns.name)) === apps ? true : undefined),
      {
        timeoutMs: 240_000,
        intervalMs: 1000,
      },
    );
    expect(simulator.sim.count('ProjectKmsGetCA')).toBe(1);
    expect(simulator.sim.count('ServiceGet')).toBe(1);
    expect(simulator.sim.count('ServiceUserCreate')).toBe(apps);
  }, 300_000);
});

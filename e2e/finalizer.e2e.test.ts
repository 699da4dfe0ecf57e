// The secret finalizer against the real API server and the Aiven simulator: a deleted managed secret takes its Aiven
// users with it, only our finalizer is removed, a user another secret names survives, failures retry, and an operator
// can let a stuck secret go.
import { describe, expect, test } from '@jest/globals';
import type { V1Secret } from '@kubernetes/client-node';
import { aivenApplicationResource } from '../pkg/api/aiven-application.ts';
import { createApp } from './support/aiven-applications.ts';
import { kafkaApp, useSynchronizer } from './support/synchronizer.ts';
import { waitFor } from '../testenv/wait.ts';

const { group, version, plural } = aivenApplicationResource;
const finalizer = 'aivenator.aiven.nais.io/finalizer';
const userKey = 'kafka.aiven.nais.io/serviceUser';

describe('the secret finalizer', () => {
  const harness = useSynchronizer();
  const soon = { timeoutMs: 20_000, intervalMs: 200 };
  const { custom, simulator, ns, secret, deleteSecret, waitForSecretGone, eventsOf, patchSecretAs } = harness;
  // The janitor would delete the orphaned secrets itself; here the test deletes them.
  const start = (extra: string[] = []) => {
    harness.start(['--janitor-dry-run=true', ...extra]);
  };
  const kafkaUser = (name: string) => simulator.sim.state.service('dev-nais-dev', 'kafka')?.users.get(name);

  const annotationsOf = async (name: string) => (await secret(name))?.metadata?.annotations ?? {};
  const synchronizedGeneration = (app: string, generation: number) =>
    waitFor(
      `${app} generation ${String(generation)} synchronized`,
      async () => ((await harness.readApp(app)).status?.synchronizedGeneration === generation ? true : undefined),
      soon,
    );

  /** An app's secret, synchronized; the app is then deleted so nothing re-creates the secret. */
  async function orphanedSecret(app: string): Promise<{ secret: V1Secret; user: string }> {
    await createApp(ns.name, kafkaApp(app, `${app}-aiven`));
    const written = await harness.waitForKafkaCredentials(`${app}-aiven`);
    await custom.deleteNamespacedCustomObject({ group, version, plural, namespace: ns.name, name: app });
    const user = written.metadata?.annotations?.[userKey] ?? '';
    expect(kafkaUser(user)).toBeDefined();
    return { secret: written, user };
  }

  test('deletes the users a deleted secret records, then lets the secret go', async () => {
    start();
    const { secret: written, user } = await orphanedSecret('leaving');
    expect(written.metadata?.finalizers).toEqual([finalizer]);
    expect(written.metadata?.annotations?.['aivenator.aiven.nais.io/token-source']).toBe('environment');

    await deleteSecret('leaving-aiven');
    await waitForSecretGone('leaving-aiven');
    expect(kafkaUser(user)).toBeUndefined();
    await waitFor(
      'the Finalized event',
      async () => (await eventsOf('leaving-aiven')).find((e) => e.includes('Finalized')),
      soon,
    );
  });

  test('deletes users a newer generation replaced, still in their grace period, too', async () => {
    start();
    await createApp(ns.name, kafkaApp('renewed', 'renewed-aiven'));
    await harness.waitForReady('renewed', 'True');
    const first = (await annotationsOf('renewed-aiven'))[userKey] ?? '';
    await harness.patchApp('renewed', [{ op: 'add', path: '/spec/protected', value: true }]);
    // The new generation synchronized, not just recorded: the record write (before the user exists) keeps the old
    // keys, and deleting the secret then would race the user's creation.
    await synchronizedGeneration('renewed', 2);
    const renewed = await annotationsOf('renewed-aiven');
    const second = renewed[userKey] ?? '';
    expect(second).not.toBe(first);
    expect(renewed['aivenator.aiven.nais.io/retired-users']).toContain(first);
    await custom.deleteNamespacedCustomObject({ group, version, plural, namespace: ns.name, name: 'renewed' });
    await deleteSecret('renewed-aiven');
    await waitForSecretGone('renewed-aiven');
    expect([kafkaUser(first), kafkaUser(second)]).toEqual([undefined, undefined]);
  });

  test('removes only its own finalizer', async () => {
    start();
    const { user } = await orphanedSecret('shared-fin');
    await patchSecretAs('other-controller', 'shared-fin-aiven', {
      metadata: { finalizers: [finalizer, 'example.com/keep'] },
    });
    await deleteSecret('shared-fin-aiven');
    const left = await waitFor(
      'our finalizer to go',
      async () => {
        const found = await secret('shared-fin-aiven');
        return found?.metadata?.finalizers?.includes(finalizer) === false ? found : undefined;
      },
      soon,
    );
    expect(left.metadata?.finalizers).toEqual(['example.com/keep']);
    expect(kafkaUser(user)).toBeUndefined();
    await patchSecretAs('other-controller', 'shared-fin-aiven', { metadata: { finalizers: null } });
    await waitForSecretGone('shared-fin-aiven');
  });

  test('keeps a user another live managed secret still names', async () => {
    start();
    const { secret: written, user } = await orphanedSecret('twin');
    await harness.createSecret('twin-copy', {});
    await patchSecretAs('person', 'twin-copy', {
      metadata: {
        labels: { type: 'aivenator.aiven.nais.io', app: 'twin' }, // a copy a person made, labels and all
        annotations: { [userKey]: user, 'kafka.aiven.nais.io/pool': 'dev-nais-dev' },
      },
    });
    await deleteSecret(written.metadata?.name ?? '');
    await waitForSecretGone('twin-aiven');
    expect(kafkaUser(user)).toBeDefined();
    await waitFor(
      'the Finalized event',
      async () => (await eventsOf('twin-aiven')).find((e) => e === 'Normal Finalized'),
      soon,
    );
  });

  test('retries a cleanup Aiven refuses, reports it, and lets an operator skip it', async () => {
    start(['--cleanup-retry-interval=1s']);
    const { user } = await orphanedSecret('stuck');
    simulator.sim.faults.set([{ kind: 'status', status: 403, operation: 'ServiceUserDelete' }]);
    await deleteSecret('stuck-aiven');
    await waitFor(
      'a CleanupFailed event',
      async () => (await eventsOf('stuck-aiven')).find((e) => e === 'Warning CleanupFailed'),
      soon,
    );
    await waitFor(
      'a second attempt',
      () => Promise.resolve(simulator.sim.count('ServiceUserDelete') >= 2 || undefined),
      {
        timeoutMs: 10_000,
        intervalMs: 200,
      },
    );
    const metrics = await harness.metrics();
    expect(metrics).toMatch(/^aivenator_secrets_awaiting_cleanup 1$/m);
    expect(Number(/^aivenator_secret_cleanup_oldest_age_seconds (\S+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);
    expect((await secret('stuck-aiven'))?.metadata?.finalizers).toEqual([finalizer]);

    await patchSecretAs('person', 'stuck-aiven', {
      metadata: { annotations: { 'aivenator.aiven.nais.io/skip-cleanup': 'true' } },
    });
    await waitForSecretGone('stuck-aiven');
    expect(kafkaUser(user)).toBeDefined(); // left in Aiven, as asked
    await waitFor(
      'the CleanupSkipped event',
      async () => (await eventsOf('stuck-aiven')).find((e) => e === 'Warning CleanupSkipped'),
      soon,
    );
    expect(await harness.metrics()).toMatch(/^aivenator_secrets_awaiting_cleanup 0$/m);
  });

  test('deletes every user and lets every secret go while Aiven fails half the deletes', async () => {
    start();
    const apps = Array.from({ length: 8 }, (_, i) => `flaky-${String(i)}`);
    const orphans = [];
    for (const app of apps) orphans.push(await orphanedSecret(app));
    simulator.sim.faults.set([{ kind: 'status', status: 503, operation: 'ServiceUserDelete', rate: 0.5 }]);
    await Promise.all(apps.map((app) => deleteSecret(`${app}-aiven`)));
    for (const app of apps) await waitForSecretGone(`${app}-aiven`, 60_000);
    for (const { user } of orphans) expect(kafkaUser(user)).toBeUndefined();
    const deletes = simulator.sim.requests().filter((r) => r.operation === 'ServiceUserDelete');
    expect(deletes.some((r) => r.status === 503)).toBe(true);
  });
});

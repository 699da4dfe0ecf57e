// The synchronizer end to end: the controller as its own process (scoped to the test's namespace), the real API
// server, and the Aiven simulator over HTTP.
import { afterEach, describe, expect, test } from '@jest/globals';
import { CoreV1Api, CustomObjectsApi, type V1Secret } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  aivenApplicationApiVersion,
  aivenApplicationResource,
  type AivenApplication,
} from '../pkg/api/aiven-application.ts';
import { createApp } from './support/aiven-applications.ts';
import { adminToken, useAivenSimulator } from './support/aiven.ts';
import { kubeconfigEnv, testKubeConfig } from './support/cluster.ts';
import { startController, type ControllerProcess } from './support/controller.ts';
import { expectedKafkaKeys } from './support/expected.ts';
import { useTestNamespace } from './support/namespace.ts';
import { waitFor } from './support/wait.ts';

const kc = testKubeConfig();
const core = kc.makeApiClient(CoreV1Api);
const custom = kc.makeApiClient(CustomObjectsApi);
const { group, version, plural } = aivenApplicationResource;

const kafkaApp = (name: string, secretName: string): AivenApplication => ({
  apiVersion: aivenApplicationApiVersion,
  kind: 'AivenApplication',
  metadata: { name },
  spec: { secretName, kafka: { pool: 'dev-nais-dev' } },
});

describe('the synchronizer', () => {
  const harness = useAivenSimulator();
  const ns = useTestNamespace('sync');
  let controller: ControllerProcess | undefined;
  afterEach(async () => {
    await controller?.stop();
    controller = undefined;
  });

  const start = (extra: string[] = []) => {
    controller = startController(ns.name, [
      ...extra,
      `--kubeconfig=${process.env[kubeconfigEnv] ?? ''}`,
      '--leader-elect=false',
      `--aiven-url=${harness.sim.url}`,
      `--aiven-token=${adminToken}`,
    ]);
  };
  const readApp = async (name: string) =>
    (await custom.getNamespacedCustomObject({ group, version, plural, namespace: ns.name, name })) as AivenApplication;
  const readyOf = async (name: string) => (await readApp(name)).status?.conditions?.find((c) => c.type === 'Ready');
  const waitForReady = (name: string, status: 'True' | 'False') =>
    waitFor(
      `${name} Ready=${status}`,
      async () => {
        const ready = await readyOf(name);
        return ready?.status === status ? ready : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
  const secret = async (name: string): Promise<V1Secret | undefined> =>
    core.readNamespacedSecret({ name, namespace: ns.name }).catch(() => undefined);

  test('writes a Kafka app into its secret, records the user on it, and reports Ready', async () => {
    start();
    await createApp(ns.name, kafkaApp('orders', 'orders-aiven'));
    expect((await waitForReady('orders', 'True')).reason).toBe('Synchronized');

    const written = (await secret('orders-aiven')) ?? {};
    expect(Object.keys(written.data ?? {}).sort()).toEqual(
      ['AIVEN_CA', 'AIVEN_SECRET_UPDATED', ...expectedKafkaKeys].sort(),
    );
    expect(written.metadata?.labels).toMatchObject({ type: 'aivenator.aiven.nais.io', app: 'orders', team: ns.name });
    expect(written.metadata?.annotations).toMatchObject({
      'aivenator.aiven.nais.io/owner': `${ns.name}/orders`,
      'kafka.aiven.nais.io/pool': 'dev-nais-dev',
    });
    const username = written.metadata?.annotations?.['kafka.aiven.nais.io/serviceUser'] ?? '';
    expect(harness.sim.state.service('dev-nais-dev', 'kafka')?.users.get(username)).toBeDefined();
    const app = await readApp('orders');
    expect(app.status).toMatchObject({
      synchronizationState: 'RolloutComplete',
      services: 'kafka',
      observedGeneration: 1,
    });
    expect(app.status?.synchronizationHash).toMatch(/^[0-9a-f]+$/);
  });

  test('makes no Aiven call and no write when an unchanged app is reconciled again', async () => {
    start();
    await createApp(ns.name, kafkaApp('steady', 'steady-aiven'));
    await waitForReady('steady', 'True');
    const before = {
      secret: (await secret('steady-aiven'))?.metadata?.resourceVersion,
      app: (await readApp('steady')).metadata.resourceVersion,
    };
    harness.sim.resetRequests();

    // A label change is an event for the app (a reconcile), not a spec change.
    await custom.patchNamespacedCustomObject({
      group,
      version,
      plural,
      namespace: ns.name,
      name: 'steady',
      body: [{ op: 'add', path: '/metadata/labels', value: { touched: 'yes' } }],
    });
    await sleep(2000);
    expect(harness.sim.requests()).toEqual([]);
    expect((await secret('steady-aiven'))?.metadata?.resourceVersion).toBe(before.secret);
    expect((await readApp('steady')).status?.synchronizationTime).toBeDefined();
    expect((await readApp('steady')).metadata.resourceVersion).not.toBe(before.app); // only our label change
  });

  test('leaves an unmanaged secret with the name alone and says why', async () => {
    await core.createNamespacedSecret({
      namespace: ns.name,
      body: { metadata: { name: 'taken' }, stringData: { mine: 'do not touch' } },
    });
    start();
    await createApp(ns.name, kafkaApp('intruder', 'taken'));
    expect(await waitForReady('intruder', 'False')).toMatchObject({
      reason: 'SecretConflict',
      message: expect.stringContaining('taken belongs to a secret aivenator does not manage'),
    });
    const untouched = await secret('taken');
    expect(Object.keys(untouched?.data ?? {})).toEqual(['mine']);
    expect(untouched?.metadata?.labels).toBeUndefined();
    expect(harness.sim.count('ServiceUserCreate')).toBe(0);
  });

  test('costs a new Kafka app two Aiven calls once caches are warm, and synchronizes it once', async () => {
    start();
    await createApp(ns.name, kafkaApp('warm', 'warm-aiven'));
    await waitForReady('warm', 'True');
    harness.sim.resetRequests();
    await createApp(ns.name, kafkaApp('counted', 'counted-aiven'));
    await waitForReady('counted', 'True');
    await sleep(1500); // time for a second synchronization, which must not happen
    expect(harness.sim.requests().map((r) => `${r.operation} ${String(r.status)}`)).toEqual([
      'ServiceUserGet 404',
      'ServiceUserCreate 200',
    ]);
  });

  test('gives a new generation a new user and deletes the old one after its grace period', async () => {
    start(['--user-grace-period=2s']);
    await createApp(ns.name, kafkaApp('rotating', 'rotating-aiven'));
    await waitForReady('rotating', 'True');
    const userOf = async () =>
      (await secret('rotating-aiven'))?.metadata?.annotations?.['kafka.aiven.nais.io/serviceUser'] ?? '';
    const kafkaUsers = () => harness.sim.state.service('dev-nais-dev', 'kafka')?.users;
    const first = await userOf();

    await custom.patchNamespacedCustomObject({
      group,
      version,
      plural,
      namespace: ns.name,
      name: 'rotating',
      body: [{ op: 'add', path: '/spec/protected', value: true }],
    });
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

  test("never lets a second app write the first app's secret", async () => {
    start();
    await createApp(ns.name, kafkaApp('first', 'shared'));
    await waitForReady('first', 'True');
    const before = await secret('shared');
    await createApp(ns.name, kafkaApp('second', 'shared'));
    expect(await waitForReady('second', 'False')).toMatchObject({
      reason: 'SecretConflict',
      message: expect.stringContaining(`shared belongs to ${ns.name}/first`),
    });
    const after = await secret('shared');
    expect(after?.metadata?.resourceVersion).toBe(before?.metadata?.resourceVersion);
    expect(after?.metadata?.annotations?.['aivenator.aiven.nais.io/owner']).toBe(`${ns.name}/first`);
  });

  test('re-creates a deleted secret, reusing the user', async () => {
    start();
    await createApp(ns.name, kafkaApp('phoenix', 'phoenix-aiven'));
    await waitFor('the secret', () => secret('phoenix-aiven'), { timeoutMs: 30_000, intervalMs: 250 });
    const username = (await secret('phoenix-aiven'))?.metadata?.annotations?.['kafka.aiven.nais.io/serviceUser'];
    harness.sim.resetRequests();
    await core.deleteNamespacedSecret({ name: 'phoenix-aiven', namespace: ns.name });
    const back = await waitFor(
      'the secret again',
      async () => {
        const found = await secret('phoenix-aiven');
        return found?.data?.KAFKA_CERTIFICATE ? found : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(back.metadata?.annotations?.['kafka.aiven.nais.io/serviceUser']).toBe(username);
    expect(harness.sim.count('ServiceUserCreate')).toBe(0);
  });
});

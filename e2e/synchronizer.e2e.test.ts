// The synchronizer's writes end to end: what goes into which secret, and what it refuses to touch.
import { describe, expect, test } from '@jest/globals';
import { AdmissionregistrationV1Api } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { aivenApplicationApiVersion } from '../pkg/api/aiven-application.ts';
import { createApp } from './support/aiven-applications.ts';
import { declareInstance } from '../testenv/aiven-operator.ts';
import { expectedKafkaKeys } from './support/expected.ts';
import { kafkaApp, useSynchronizer } from './support/synchronizer.ts';
import { waitFor } from '../testenv/wait.ts';

describe("the synchronizer's writes", () => {
  const {
    kc,
    core,
    simulator,
    ns,
    start,
    readApp,
    waitForReady,
    waitForLog,
    logLines,
    secret,
    eventsOf,
    createSecret,
    patchSecretAs,
    patchApp,
  } = useSynchronizer();

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
    expect(simulator.sim.state.service('dev-nais-dev', 'kafka')?.users.get(username)).toBeDefined();
    const app = await readApp('orders');
    expect(app.status).toMatchObject({
      synchronizationState: 'RolloutComplete',
      services: 'kafka',
      observedGeneration: 1,
    });
    expect(app.status?.synchronizationHash).toMatch(/^[0-9a-f]+$/);
    expect(await eventsOf('orders')).toContain('Normal Synchronized');
  });

  test('writes each service into its own secret when the blocks name their own', async () => {
    await declareInstance(kc, 'PostgreSQL', ns.name, 'pg-team-a');
    start();
    await createApp(ns.name, {
      apiVersion: aivenApplicationApiVersion,
      kind: 'AivenApplication',
      metadata: { name: 'split' },
      spec: {
        kafka: { pool: 'dev-nais-dev', secretName: 'split-kafka' },
        postgres: { instance: 'pg-team-a', secretName: 'split-pg' },
      },
    });
    await waitForReady('split', 'True');
    expect(Object.keys((await secret('split-kafka'))?.data ?? {})).toContain('KAFKA_BROKERS');
    expect(Object.keys((await secret('split-kafka'))?.data ?? {})).not.toContain('PGHOST');
    expect(Object.keys((await secret('split-pg'))?.data ?? {})).toEqual(
      expect.arrayContaining(['PGHOST', 'DATABASE_URL', 'AIVEN_CA']),
    );
    expect((await readApp('split')).status?.conditions?.map((c) => `${c.type}=${c.status}`)).toEqual([
      'Ready=True',
      'KafkaReady=True',
      'PostgresReady=True',
    ]);
  });

  test('writes what it can when one part of an app cannot be done, and says which', async () => {
    start();
    await createApp(ns.name, {
      apiVersion: aivenApplicationApiVersion,
      kind: 'AivenApplication',
      metadata: { name: 'partly' },
      spec: {
        secretName: 'partly-aiven',
        kafka: { pool: 'dev-nais-dev' },
        // Its own secret: a secret is written only when every service writing it succeeded.
        kubernetes: {
          secretName: 'partly-kubeconfig',
          rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
        },
      },
    });
    // Kubernetes access is off in this controller (the default).
    expect(await waitForReady('partly', 'False')).toMatchObject({ reason: 'KubernetesAccessDisabled' });
    expect(Object.keys((await secret('partly-aiven'))?.data ?? {})).toContain('KAFKA_BROKERS');
    const conditions = (await readApp('partly')).status?.conditions ?? [];
    expect(conditions.find((c) => c.type === 'KafkaReady')?.status).toBe('True');
    expect(conditions.find((c) => c.type === 'KubernetesReady')).toMatchObject({
      status: 'False',
      reason: 'KubernetesAccessDisabled',
    });
    expect(await secret('partly-kubeconfig')).toBeUndefined();
  });

  test('leaves an unmanaged secret with the name alone and says why', async () => {
    await createSecret('taken', { mine: 'do not touch' });
    start();
    await createApp(ns.name, kafkaApp('intruder', 'taken'));
    expect(await waitForReady('intruder', 'False')).toMatchObject({
      reason: 'SecretConflict',
      message: expect.stringContaining('taken belongs to a secret aivenator does not manage'),
    });
    const untouched = await secret('taken');
    expect(Object.keys(untouched?.data ?? {})).toEqual(['mine']);
    expect(untouched?.metadata?.labels).toBeUndefined();
    expect(simulator.sim.count('ServiceUserCreate')).toBe(0);
    expect(await eventsOf('intruder')).toContain('Warning SyncFailed');
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

  test('keeps labels, annotations and keys others add to a managed secret when it writes it again', async () => {
    start();
    await createApp(ns.name, kafkaApp('shared-meta', 'shared-meta-aiven'));
    await waitForReady('shared-meta', 'True');
    await patchSecretAs('someone-else', 'shared-meta-aiven', {
      metadata: { labels: { 'example.com/team': 'shop' }, annotations: { 'example.com/note': 'keep me' } },
      data: { EXTRA: Buffer.from('theirs').toString('base64') },
    });
    await patchApp('shared-meta', [{ op: 'add', path: '/spec/protected', value: true }]);
    const after = await waitFor(
      'the new generation to be written',
      async () => {
        const found = await secret('shared-meta-aiven');
        return found?.metadata?.labels?.['aivenator.aiven.nais.io/protected'] === 'true' ? found : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(after.metadata?.labels?.['example.com/team']).toBe('shop');
    expect(after.metadata?.annotations?.['example.com/note']).toBe('keep me');
    expect(Buffer.from(after.data?.EXTRA ?? '', 'base64').toString()).toBe('theirs');
  });

  test('synchronizes an app whose name is as long as Kubernetes allows (253 characters)', async () => {
    const name = `long-${'x'.repeat(244)}-end`;
    expect(name).toHaveLength(253);
    start();
    await createApp(ns.name, kafkaApp(name, 'long-name-aiven'));
    expect((await waitForReady(name, 'True')).reason).toBe('Synchronized');
    const written = await secret('long-name-aiven');
    expect(written?.metadata?.annotations?.['aivenator.aiven.nais.io/owner']).toBe(`${ns.name}/${name}`);
    // A label value holds at most 63 characters: the app label is the name shortened, with a checksum of the whole.
    expect(written?.metadata?.labels?.app).toMatch(/^long-x{49}-[0-9a-f]{8}$/);
    expect(await eventsOf(name)).toContain('Normal Synchronized');
  });

  test('reports a write Kubernetes refuses as a permanent failure naming the secret, and does not retry it', async () => {
    // A real admission policy refuses the secret, as a policy engine might.
    const admission = kc.makeApiClient(AdmissionregistrationV1Api);
    const policy = `sync-refuses-${ns.name}`;
    await admission.createValidatingAdmissionPolicy({
      body: {
        metadata: { name: policy },
        spec: {
          failurePolicy: 'Fail',
          matchConstraints: {
            resourceRules: [
              { apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['secrets'] },
            ],
          },
          validations: [{ expression: "object.metadata.name != 'refused-aiven'", message: 'refused by a test policy' }],
        },
      },
    });
    await admission.createValidatingAdmissionPolicyBinding({
      body: {
        metadata: { name: policy },
        spec: {
          policyName: policy,
          validationActions: ['Deny'],
          matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns.name } } },
        },
      },
    });
    try {
      // A new policy takes a moment to be enforced: wait until a dry-run create of the secret is refused.
      await waitFor(
        'the policy to be enforced',
        () =>
          core
            .createNamespacedSecret({
              namespace: ns.name,
              body: { metadata: { name: 'refused-aiven' } },
              dryRun: 'All',
            })
            .then(
              () => undefined,
              () => true,
            ),
        { timeoutMs: 10_000, intervalMs: 200 },
      );
      start();
      await createApp(ns.name, kafkaApp('refused', 'refused-aiven'));
      const ready = await waitForReady('refused', 'False');
      expect(ready.reason).toMatch(/^Kubernetes(Invalid|Forbidden)$/);
      expect(ready.message).toContain(`secret ${ns.name}/refused-aiven`);
      await waitForLog('reconcile failed; waiting for a change');
      await sleep(2000);
      expect(logLines().filter((line) => line.message === 'reconcile failed; will retry')).toEqual([]);
    } finally {
      await admission.deleteValidatingAdmissionPolicyBinding({ name: policy });
      await admission.deleteValidatingAdmissionPolicy({ name: policy });
    }
  });
});

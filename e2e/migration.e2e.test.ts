// Taking over from nais/aivenator, and handing back: an app it synchronized (its status and its secret as it writes
// them) costs one status write and nothing else, and its status writes are still accepted after a rollback.
import { describe, expect, test } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { Watch } from '@kubernetes/client-node';
import { aivenApplicationResource, type AivenApplication } from '../pkg/api/aiven-application.ts';
import { specHash } from '../pkg/synchronizer/hash.ts';
import { createApp } from './support/aiven-applications.ts';
import { adminToken } from './support/aiven.ts';
import { kubeconfigEnv } from './support/cluster.ts';
import { startController } from './support/controller.ts';
import { kafkaApp, useSynchronizer } from './support/synchronizer.ts';

const { group, version, plural } = aivenApplicationResource;
const pool = 'dev-nais-dev';

/** The status nais/aivenator (f3f5c84) writes after a successful synchronization: its conditions, no Ready. */
const goStatus = (app: AivenApplication) => ({
  synchronizationHash: specHash(app.spec),
  synchronizationState: 'RolloutComplete',
  synchronizationTime: '2026-08-22T10:15:30Z',
  synchronizedGeneration: 1,
  observedGeneration: 1,
  conditions: [
    {
      type: 'Deprecated',
      status: 'True',
      lastUpdateTime: '2026-08-22T10:15:30Z',
      reason: 'DeprecatedField',
      message: 'Spec.SecretName is deprecated; needs resync via naiserator',
    },
    { type: 'Succeeded', status: 'True', lastUpdateTime: '2026-08-22T10:15:30Z' },
    { type: 'AivenFailure', status: 'False', lastUpdateTime: '2026-08-22T10:15:30Z' },
    { type: 'LocalFailure', status: 'False', lastUpdateTime: '2026-08-22T10:15:30Z' },
  ],
});

describe('taking over from nais/aivenator', () => {
  const harness = useSynchronizer();
  const { kc, core, custom, simulator, ns, start, readApp, waitForReady, secret } = harness;

  /** Counts the writes to one app from now on: every write is one MODIFIED event on a watch. */
  async function countWrites(name: string): Promise<{ readonly count: () => number; readonly stop: () => void }> {
    let writes = 0;
    const request = await new Watch(kc).watch(
      `/apis/${group}/${version}/namespaces/${ns.name}/${plural}`,
      { fieldSelector: `metadata.name=${name}` },
      (phase) => {
        if (phase === 'MODIFIED') writes += 1;
      },
      () => undefined,
    );
    return {
      count: () => writes,
      stop: () => {
        request.abort();
      },
    };
  }

  test('its status is accepted as it writes it; an up-to-date app it synchronized gets Ready with one status write, no Aiven call and no secret write', async () => {
    const app = await createApp(ns.name, kafkaApp('legacy', 'legacy-aiven'));
    // The secret as nais/aivenator writes it: its labels, annotations, owner reference, finalizer and keys, unsigned.
    await core.createNamespacedSecret({
      namespace: ns.name,
      body: {
        metadata: {
          name: 'legacy-aiven',
          labels: {
            type: 'aivenator.aiven.nais.io',
            app: 'legacy',
            team: ns.name,
            'aiven.nais.io/secret-generation': '0',
            'aivenator.aiven.nais.io/protected': 'false',
          },
          annotations: {
            'kafka.aiven.nais.io/serviceUser': `${ns.name}_legacy_0123abcd_abc`,
            'kafka.aiven.nais.io/pool': pool,
            'nais.io/deploymentCorrelationID': '',
            'aivenator.aiven.nais.io/protected': 'false',
          },
          finalizers: ['aivenator.aiven.nais.io/finalizer'],
          ownerReferences: [
            { apiVersion: app.apiVersion, kind: app.kind, name: 'legacy', uid: app.metadata.uid ?? '' },
          ],
        },
        stringData: { KAFKA_CERTIFICATE: 'issued by nais/aivenator', AIVEN_SECRET_UPDATED: '2026-08-22T10:15:30Z' },
      },
    });
    // A status update as nais/aivenator's client sends it (a PUT of the status subresource).
    const written = (await custom.replaceNamespacedCustomObjectStatus({
      group,
      version,
      plural,
      namespace: ns.name,
      name: 'legacy',
      body: { ...app, status: goStatus(app) },
    })) as AivenApplication;
    expect(written.status?.conditions?.map((c) => c.type)).toEqual([
      'Deprecated',
      'Succeeded',
      'AivenFailure',
      'LocalFailure',
    ]);

    const secretVersion = (await secret('legacy-aiven'))?.metadata?.resourceVersion;
    simulator.sim.resetRequests();
    const writes = await countWrites('legacy');
    try {
      start();
      await waitForReady('legacy', 'True');
      await sleep(1500); // time for a second write, which must not happen
      expect(writes.count()).toBe(1);
    } finally {
      writes.stop();
    }
    expect(simulator.sim.requests()).toEqual([]);
    expect((await secret('legacy-aiven'))?.metadata?.resourceVersion).toBe(secretVersion);
    const status = (await readApp('legacy')).status;
    expect(status?.conditions?.map((c) => [c.type, c.status])).toEqual([
      ['Ready', 'True'],
      ['KafkaReady', 'True'],
    ]);
    expect(status).toMatchObject({ synchronizationHash: specHash(app.spec), services: 'kafka', observedGeneration: 1 });
  });

  test("starts with nais/aivenator's flags and environment, says what each became, and synchronizes", async () => {
    const controller = startController(
      ns.name,
      [
        '--metrics-address=127.0.0.1:0',
        '--sync-period=1h',
        '--kubernetes-write-retry-interval',
        '10s',
        '--log-level=trace',
        `--kubeconfig=${process.env[kubeconfigEnv] ?? ''}`,
        '--leader-elect=false',
      ],
      {
        AIVEN_WEB_URL: simulator.sim.url,
        AIVENATOR_AIVEN_TOKEN: adminToken,
        AIVENATOR_PROJECTS: `${pool} nav-integration-test`,
        AIVENATOR_MAIN_PROJECT: pool,
        NAIS_CLUSTER_NAME: 'test',
      },
    );
    try {
      const ready = await controller.waitForLog('controller ready');
      const metrics = await fetch(`http://127.0.0.1:${String(ready.httpPort)}/metrics`);
      expect(metrics.status).toBe(200);
      const notices = controller
        .logLines()
        .filter((line) => line.message === 'a nais/aivenator setting')
        .map((line) => String(line.notice));
      expect(notices).toEqual([
        expect.stringContaining('--metrics-address / AIVENATOR_METRICS_ADDRESS'),
        expect.stringContaining("--sync-period / AIVENATOR_SYNC_PERIOD is nais/aivenator's name for --drift-period"),
        expect.stringContaining('--kubernetes-write-retry-interval / AIVENATOR_KUBERNETES_WRITE_RETRY_INTERVAL'),
        expect.stringContaining('AIVEN_WEB_URL is read as --aiven-url'),
        expect.stringContaining('log level trace'),
      ]);
      // A dotted secret name, as liberator's CRD accepts it, is a Secret's name like any other.
      await createApp(ns.name, kafkaApp('go-flags', 'aiven.go-flags.secret'));
      await waitForReady('go-flags', 'True');
      expect((await secret('aiven.go-flags.secret'))?.data?.KAFKA_CERTIFICATE).toBeDefined();
    } finally {
      await controller.stop();
    }
  });

  test('serves v2 as liberator does: a v2 app and a v1 app both reconcile, and kubectl can list them as v2', async () => {
    start();
    await createApp(ns.name, kafkaApp('in-v1', 'in-v1-aiven'));
    await createApp(ns.name, {
      apiVersion: `${group}/v2`,
      kind: 'AivenApplication',
      metadata: { name: 'in-v2' },
      spec: { kafka: { pool, secretName: 'in-v2-kafka' } },
    });
    await waitForReady('in-v1', 'True');
    await waitForReady('in-v2', 'True');
    expect((await secret('in-v2-kafka'))?.data?.KAFKA_CERTIFICATE).toBeDefined();
    const listed = (await custom.listNamespacedCustomObject({
      group,
      version: 'v2',
      plural,
      namespace: ns.name,
    })) as { items: AivenApplication[] };
    expect(listed.items.map((app) => [app.apiVersion, app.metadata.name]).sort()).toEqual([
      [`${group}/v2`, 'in-v1'],
      [`${group}/v2`, 'in-v2'],
    ]);
  });
});

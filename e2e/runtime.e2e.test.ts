// The controller runtime (informer, work queue, controller) against a real API server, in process, with a
// reconciler that records what it is asked to do.
import { describe, expect, test } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { CoreV1Api, type KubeConfig, type V1ConfigMap } from '@kubernetes/client-node';
import { Registry } from 'prom-client';
import { Informer } from '../pkg/kube/informer.ts';
import { systemClock } from '../pkg/runtime/clock.ts';
import { Controller, keyOf, type ObjectKey, type Reconciler } from '../pkg/runtime/controller.ts';
import { createLogger } from '../pkg/runtime/log.ts';
import { createRuntimeMetrics } from '../pkg/runtime/metrics.ts';
import { testKubeConfig } from './support/cluster.ts';
import { useTestNamespace } from './support/namespace.ts';
import { startControlPlane } from '../testenv/testenv.ts';
import { waitFor } from '../testenv/wait.ts';

const log = createLogger({ format: 'json', level: 'error' });

function configMapInformer(kc: KubeConfig, namespace: string, restartDelayMs = { initial: 500, max: 30_000 }) {
  const core = kc.makeApiClient(CoreV1Api);
  return new Informer<V1ConfigMap>({
    kc,
    name: 'configmaps',
    path: `/api/v1/namespaces/${namespace}/configmaps`,
    list: async (page) => await core.listNamespacedConfigMap({ namespace, ...page }),
    log,
    restartDelayMs,
  });
}

/** Counts reconciles per key and notices any key reconciled by two workers at once. */
class RecordingReconciler implements Reconciler {
  readonly counts = new Map<string, number>();
  readonly #active = new Set<string>();
  overlaps = 0;

  async reconcile(key: ObjectKey) {
    const id = keyOf(key);
    if (this.#active.has(id)) this.overlaps++;
    this.#active.add(id);
    await sleep(Math.random() * 3);
    this.#active.delete(id);
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
    return {};
  }
}

async function inBatches<T>(items: T[], size: number, act: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(act));
}

describe('the controller runtime', () => {
  const ns = useTestNamespace('runtime');

  test('reconciles each of 1,000 objects created quickly at least once, never concurrently per key', async () => {
    const kc = testKubeConfig();
    const core = kc.makeApiClient(CoreV1Api);
    const reconciler = new RecordingReconciler();
    const controller = new Controller({
      name: 'test',
      reconciler,
      workers: 8,
      reconcileTimeoutMs: 10_000,
      log,
      metrics: createRuntimeMetrics(new Registry()),
      clock: systemClock,
    });
    const informer = configMapInformer(kc, ns.name);
    informer.onChange((cm) => {
      controller.enqueue({ namespace: cm.metadata?.namespace ?? '', name: cm.metadata?.name ?? '' });
    });
    const stop = new AbortController();
    await informer.start(stop.signal);
    const running = controller.run(stop.signal, new AbortController().signal);
    try {
      const names = Array.from({ length: 1000 }, (_, i) => `object-${String(i)}`);
      await inBatches(names, 50, (name) =>
        core.createNamespacedConfigMap({ namespace: ns.name, body: { metadata: { name } } }),
      );
      // Changes while keys are queued or in process: the queue must merge them, not run a key twice at once.
      await inBatches(names.slice(0, 200), 50, (name) =>
        core.patchNamespacedConfigMap({
          name,
          namespace: ns.name,
          body: [{ op: 'add', path: '/data', value: { v: '2' } }],
        }),
      );
      const reconciled = () => names.filter((name) => reconciler.counts.has(`${ns.name}/${name}`)).length;
      await waitFor('every object to be reconciled', () => Promise.resolve(reconciled() === 1000 || undefined), {
        timeoutMs: 50_000,
        intervalMs: 200,
      });
    } finally {
      stop.abort();
      await running;
      await informer.stop();
    }
    expect(reconciler.overlaps).toBe(0);
  }, 90_000);
});

describe('an informer through an API server outage', () => {
  test('resumes after a restart, relists on 410 Gone, and sees what changed meanwhile, deletions included', async () => {
    const controlPlane = await startControlPlane({ controllerManager: false });
    try {
      const kc = controlPlane.kubeConfig;
      const core = kc.makeApiClient(CoreV1Api);
      await core.createNamespace({ body: { metadata: { name: 'outage' } } });
      for (const name of ['kept', 'changed', 'deleted'])
        await core.createNamespacedConfigMap({ namespace: 'outage', body: { metadata: { name }, data: { v: '1' } } });
      // A long first restart delay, so the changes below happen while the informer is still disconnected.
      const informer = configMapInformer(kc, 'outage', { initial: 8000, max: 8000 });
      const events: string[] = [];
      informer.onChange((cm, kind) => events.push(`${kind} ${cm.metadata?.name ?? ''}`));
      const stop = new AbortController();
      await informer.start(stop.signal);
      events.length = 0;

      await controlPlane.stopApiserver();
      await controlPlane.startApiserver();
      await core.createNamespacedConfigMap({ namespace: 'outage', body: { metadata: { name: 'added' } } });
      await core.replaceNamespacedConfigMap({
        name: 'changed',
        namespace: 'outage',
        body: { metadata: { name: 'changed' }, data: { v: '2' } },
      });
      await core.deleteNamespacedConfigMap({ name: 'deleted', namespace: 'outage' });
      await compactEtcd(controlPlane.etcdUrl); // the informer's resourceVersion can no longer be watched from: 410

      const names = () =>
        informer
          .list('outage')
          .map((cm) => cm.metadata?.name)
          .sort();
      await waitFor(
        'the cache to catch up',
        () => Promise.resolve(names().join() === 'added,changed,kept' || undefined),
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      expect(informer.get('changed', 'outage')?.data).toEqual({ v: '2' });
      expect(events).toEqual(expect.arrayContaining(['delete deleted', 'add added', 'update changed']));
      expect(informer.hasSynced()).toBe(true);
      stop.abort();
      await informer.stop();
    } finally {
      await controlPlane.stop();
    }
  }, 90_000);
});

/** Compacts etcd's history up to now (etcd's JSON gateway), so older revisions cannot be watched from. */
async function compactEtcd(etcdUrl: string): Promise<void> {
  const range = await fetch(`${etcdUrl}/v3/kv/range`, { method: 'POST', body: JSON.stringify({ key: 'AA==' }) });
  const { header } = (await range.json()) as { header: { revision: string } };
  const compaction = await fetch(`${etcdUrl}/v3/kv/compaction`, {
    method: 'POST',
    body: JSON.stringify({ revision: header.revision, physical: true }),
  });
  expect(compaction.status).toBe(200);
}

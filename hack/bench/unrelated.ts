// Objects the controller does not manage, in the namespace it watches: its memory and start-up must not grow with
// them, in either token mode (per-app token secrets make it watch every secret of the namespace).
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { memoryMb, startBenchController, type BenchEnv } from './controller.ts';
import type { Report } from './report.ts';

const payload = 'x'.repeat(5 * 1024);

async function inBatches(count: number, create: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < count; i += 50)
    await Promise.all(Array.from({ length: Math.min(50, count - i) }, (_, j) => create(i + j)));
}

/** `count` secrets and ConfigMaps of 5 KB each, and `count` Pods (never scheduled: no kubelet here). */
async function fill(kc: KubeConfig, namespace: string, count: number): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  await inBatches(count, (i) =>
    core.createNamespacedSecret({
      namespace,
      body: { metadata: { name: `unrelated-${String(i)}` }, stringData: { payload } },
    }),
  );
  await inBatches(count, (i) =>
    core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: `unrelated-${String(i)}` }, data: { payload } },
    }),
  );
  await inBatches(count, (i) =>
    core.createNamespacedPod({
      namespace,
      body: {
        metadata: { name: `unrelated-${String(i)}` },
        spec: { containers: [{ name: 'app', image: 'registry.invalid/app:1' }] },
      },
    }),
  );
}

/** Idle memory and time to ready of a controller watching `namespace`, with per-app token secrets or without. */
async function idle(env: BenchEnv, namespace: string, appTokenSecrets: boolean) {
  const controller = await startBenchController(env, namespace, [`--app-token-secrets=${String(appTokenSecrets)}`]);
  const ready = async () => (await fetch(`http://127.0.0.1:${String(controller.httpPort)}/readyz`)).ok;
  while (!(await ready().catch(() => false))) await sleep(100);
  const seconds = (performance.now() - controller.startedAt) / 1000;
  await sleep(5000);
  const memory = memoryMb(controller.pid);
  await controller.stop();
  return { seconds, rss: memory.rss, peak: memory.peak };
}

export async function measureUnrelated(env: BenchEnv, count: number, report: Report): Promise<void> {
  const core = env.controlPlane.kubeConfig.makeApiClient(CoreV1Api);
  const empty = 'bench-empty';
  const crowded = 'bench-unrelated';
  for (const name of [empty, crowded]) await core.createNamespace({ body: { metadata: { name } } });
  await fill(env.controlPlane.kubeConfig, crowded, count);
  const scenario = `${String(count)} unrelated secrets, ConfigMaps, Pods`;
  for (const appTokenSecrets of [true, false]) {
    const mode = appTokenSecrets ? 'per-app tokens' : 'central token';
    const without = await idle(env, empty, appTokenSecrets);
    const withThem = await idle(env, crowded, appTokenSecrets);
    report.in(scenario).add(`${mode}: RSS idle without → with`, withThem.rss - without.rss, 'MB', { max: 10 });
    report.in(scenario).add(`${mode}: RSS idle with them`, withThem.rss, 'MB');
    report.in(scenario).add(`${mode}: RSS peak with them`, withThem.peak, 'MB');
    report.in(scenario).add(`${mode}: start to ready with them`, withThem.seconds, 's');
  }
}

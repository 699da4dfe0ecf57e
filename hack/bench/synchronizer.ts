// `make bench`: new apps in one namespace and one Aiven project, synchronized by the controller (as its own process)
// against the simulator: BENCH_APPS (1000) PostgreSQL apps, then BENCH_KAFKA_APPS (200) Kafka+PostgreSQL apps, each
// with a controller of its own. Prints time, the controller's CPU per app, Aiven calls per operation and Kubernetes
// requests per app (counts are stable on noisy machines).
//   BENCH_APPS=1000 BENCH_KAFKA_APPS=200 make bench
import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import type { AivenApplication } from '../../pkg/api/aiven-application.ts';
import { loadFixtures } from '../../sim/fixtures.ts';
import { startAivenSimulator, type AivenSimulator } from '../../sim/server.ts';
import { declareInstance } from '../../testenv/aiven-operator.ts';
import { countReadyApps, createApps } from '../../testenv/many-apps.ts';
import { startControlPlane, type ControlPlane } from '../../testenv/testenv.ts';
import { root } from '../demo-setup.ts';
import { requestsServed } from './apiserver-metrics.ts';
import { cpuSeconds, memoryMb, startBenchController } from './controller.ts';

interface Run {
  readonly label: string;
  readonly namespace: string;
  readonly apps: number;
  readonly spec: Omit<AivenApplication['spec'], 'secretName'>;
}

const runs: Run[] = [
  {
    label: 'PostgreSQL',
    namespace: 'bench-pg',
    apps: Number(process.env.BENCH_APPS ?? '1000'),
    spec: { postgres: { instance: 'checkout-db' } },
  },
  {
    label: 'Kafka+PostgreSQL',
    namespace: 'bench-kafka',
    apps: Number(process.env.BENCH_KAFKA_APPS ?? '200'),
    spec: { kafka: { pool: 'dev-nais-dev' }, postgres: { instance: 'checkout-db' } },
  },
];

const write = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const resources = ['secrets', 'aivenapplications', 'events', 'postgresqls'] as const;
const verbs = { writes: /verb="(APPLY|PATCH|PUT|POST|DELETE)"/, reads: /verb="(GET|LIST)"/ } as const;

/** What the API server has served so far, by resource and kind of verb. */
async function served(kc: KubeConfig): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const resource of resources)
    for (const [kind, pattern] of Object.entries(verbs))
      counts.set(
        `${resource} ${kind}`,
        await requestsServed(kc, (labels) => pattern.test(labels) && labels.includes(`resource="${resource}"`)),
      );
  return counts;
}

async function kubernetesRequests(kc: KubeConfig, apps: number, before: Map<string, number>): Promise<void> {
  const after = await served(kc);
  const perApp = (key: string) => (((after.get(key) ?? 0) - (before.get(key) ?? 0)) / apps).toFixed(2);
  write("Kubernetes requests per app (the bench's own creates and lists included):");
  for (const resource of resources)
    write(`  ${resource.padEnd(18)} writes ${perApp(`${resource} writes`)}, reads ${perApp(`${resource} reads`)}`);
}

async function measure(env: { controlPlane: ControlPlane; simulator: AivenSimulator }, run: Run): Promise<void> {
  const kc = env.controlPlane.kubeConfig;
  const { namespace, apps } = run;
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: namespace } } });
  await declareInstance(kc, 'PostgreSQL', namespace, 'checkout-db');
  env.simulator.resetRequests();
  const before = await served(kc);
  const controller = startBenchController(env, namespace, ['--log-level=warn']);
  const pid = controller.child.pid ?? 0;
  await sleep(5000); // started, caches synced, nothing to do yet
  const idle = memoryMb(pid);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const started = performance.now();
  await createApps(custom, { namespace, count: apps, prefix: 'app' }, run.spec);
  for (let ready = 0; ready < apps; ready = await countReadyApps(custom, namespace)) await sleep(500);
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds(pid);
  await sleep(5000); // the last writes and the janitor's pass
  const steady = memoryMb(pid);
  controller.child.kill('SIGTERM');
  await controller.exited;
  const requests = env.simulator.requests();
  const counts = new Map<string, number>();
  for (const r of requests) counts.set(r.operation, (counts.get(r.operation) ?? 0) + 1);
  write(`synchronized ${String(apps)} ${run.label} apps (one namespace, one Aiven project) in ${seconds.toFixed(1)} s`);
  write(
    `controller CPU: ${cpu.toFixed(1)} s in all (start-up included), ${((cpu * 1000) / apps).toFixed(1)} ms per app`,
  );
  write(
    `controller memory (RSS): idle ${idle.rss.toFixed(0)} MB, steady ${steady.rss.toFixed(0)} MB with the apps, ` +
      `peak ${steady.peak.toFixed(0)} MB`,
  );
  write(`Aiven calls: ${String(requests.length)} in all, ${(requests.length / apps).toFixed(2)} per app`);
  for (const [operation, count] of [...counts].sort()) write(`  ${operation.padEnd(28)} ${String(count)}`);
  await kubernetesRequests(kc, apps, before);
}

const controlPlane = await startControlPlane({ controllerManager: false });
const simulator = await startAivenSimulator({ fixture: loadFixtures([join(root, 'config/aiven-sim/demo.yaml')]) });
try {
  for (const run of runs) if (run.apps > 0) await measure({ controlPlane, simulator }, run);
} finally {
  await controlPlane.stop();
  await simulator.stop();
}

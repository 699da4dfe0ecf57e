// `make bench`: N PostgreSQL apps in one namespace and one Aiven project, synchronized by the controller (as its own
// process) against the simulator. Prints Aiven calls per operation (counts are stable on noisy machines) and time.
//   BENCH_APPS=1000 make bench
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { loadFixtures } from '../../sim/fixtures.ts';
import { startAivenSimulator } from '../../sim/server.ts';
import { declareInstance } from '../../testenv/aiven-operator.ts';
import { countReadyApps, createPostgresApps } from '../../testenv/many-apps.ts';
import { startControlPlane } from '../../testenv/testenv.ts';
import { root } from '../demo-setup.ts';
import { requestsServed } from './apiserver-metrics.ts';
import { cpuSeconds, startBenchController } from './controller.ts';

const apps = Number(process.env.BENCH_APPS ?? '1000');
const namespace = 'bench';

const controlPlane = await startControlPlane({ controllerManager: false });
const simulator = await startAivenSimulator({ fixture: loadFixtures([join(root, 'config/aiven-sim/demo.yaml')]) });
try {
  const kc = controlPlane.kubeConfig;
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: namespace } } });
  await declareInstance(kc, 'PostgreSQL', namespace, 'checkout-db');
  const controller = startBenchController({ controlPlane, simulator }, namespace, ['--log-level=warn']);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const started = performance.now();
  await createPostgresApps(custom, namespace, apps, 'checkout-db');
  for (let ready = 0; ready < apps; ready = await countReadyApps(custom, namespace)) await sleep(500);
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds(controller.child.pid ?? 0);
  const counts = new Map<string, number>();
  for (const r of simulator.requests()) counts.set(r.operation, (counts.get(r.operation) ?? 0) + 1);
  process.stdout.write(
    `synchronized ${String(apps)} PostgreSQL apps (one namespace, one Aiven project) in ${seconds.toFixed(1)} s\n`,
  );
  process.stdout.write(
    `controller CPU: ${cpu.toFixed(1)} s in all (start-up included), ${((cpu * 1000) / apps).toFixed(1)} ms per app\n`,
  );
  process.stdout.write(
    `Aiven calls: ${String(simulator.requests().length)} in all, ${(simulator.requests().length / apps).toFixed(2)} per app\n`,
  );
  for (const [operation, count] of [...counts].sort())
    process.stdout.write(`  ${operation.padEnd(28)} ${String(count)}\n`);
  const served = async (verbs: RegExp, resource: string) =>
    requestsServed(kc, (labels) => verbs.test(labels) && labels.includes(`resource="${resource}"`));
  process.stdout.write("Kubernetes requests per app (the bench's own creates and lists included):\n");
  for (const resource of ['secrets', 'aivenapplications', 'events', 'postgresqls']) {
    const writes = await served(/verb="(APPLY|PATCH|PUT|POST|DELETE)"/, resource);
    const reads = await served(/verb="(GET|LIST)"/, resource);
    process.stdout.write(
      `  ${resource.padEnd(18)} writes ${(writes / apps).toFixed(2)}, reads ${(reads / apps).toFixed(2)}\n`,
    );
  }
} finally {
  await controlPlane.stop();
  await simulator.stop();
}

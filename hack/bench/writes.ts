// `make bench`, writes part: the Kubernetes writes one app with Kafka, OpenSearch, PostgreSQL and two Valkeys (one
// secret) costs on its first synchronization, and on a no-op resynchronization (a controller restart). Counted by
// the API server itself, by resource.
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import { loadFixtures } from '../../sim/fixtures.ts';
import { startAivenSimulator } from '../../sim/server.ts';
import { countReadyApps } from '../../testenv/many-apps.ts';
import { startControlPlane } from '../../testenv/testenv.ts';
import { aivenApplicationResource } from '../../pkg/api/aiven-application.ts';
import { demoNamespace, prepareNamespace, root } from '../demo-setup.ts';
import { requestsServed } from './apiserver-metrics.ts';
import { startBenchController, waitForKeyRing } from './controller.ts';

const writeVerbs = /verb="(APPLY|PATCH|PUT|POST|DELETE)"/;
const resources = ['secrets', 'aivenapplications', 'events'] as const;

async function writesByResource(kc: KubeConfig): Promise<Record<(typeof resources)[number], number>> {
  const counts = await Promise.all(
    resources.map((resource) =>
      requestsServed(kc, (labels) => labels.includes(`resource="${resource}"`) && writeVerbs.test(labels)),
    ),
  );
  return { secrets: counts[0] ?? 0, aivenapplications: counts[1] ?? 0, events: counts[2] ?? 0 };
}

const describe = (before: Record<string, number>, after: Record<string, number>): string =>
  resources.map((r) => `${r} ${String((after[r] ?? 0) - (before[r] ?? 0))}`).join(', ');

const controlPlane = await startControlPlane({ controllerManager: false });
const simulator = await startAivenSimulator({ fixture: loadFixtures([join(root, 'config/aiven-sim/demo.yaml')]) });
try {
  const kc = controlPlane.kubeConfig;
  await prepareNamespace(controlPlane);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const { group, version, plural } = aivenApplicationResource;
  const body: unknown = parse(readFileSync(join(root, 'config/samples/one-secret-per-app.yaml'), 'utf8'));
  const env = { controlPlane, simulator };
  let controller = startBenchController(env, demoNamespace, ['--log-level=warn']);
  await waitForKeyRing(kc);
  await custom.createNamespacedCustomObject({ group, version, plural, namespace: demoNamespace, body });
  const before = await writesByResource(kc); // the app's own creation is not the controller's
  while ((await countReadyApps(custom, demoNamespace)) < 1) await sleep(200);
  await sleep(3000); // the janitor's pass and any late write
  const synced = await writesByResource(kc);
  controller.child.kill('SIGTERM');
  await controller.exited;
  controller = startBenchController(env, demoNamespace, ['--log-level=warn']);
  await sleep(5000); // caches synced, the app reconciled (a no-op), the janitor's pass
  const resynced = await writesByResource(kc);
  controller.child.kill('SIGTERM');
  await controller.exited;
  process.stdout.write('writes: one app with Kafka, OpenSearch, PostgreSQL and two Valkeys in one secret\n');
  process.stdout.write(`  first synchronization: ${describe(before, synced)}\n`);
  process.stdout.write(`  no-op resync (restart): ${describe(synced, resynced)}\n`);
} finally {
  await controlPlane.stop();
  await simulator.stop();
}

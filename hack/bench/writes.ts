// The Kubernetes writes one app with Kafka, OpenSearch, PostgreSQL and two Valkeys (one
// secret) costs on its first synchronization, and on a no-op resynchronization (a controller restart). Counted by
// the API server itself, by resource.
import { CustomObjectsApi } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import { countReadyApps } from '../../testenv/many-apps.ts';
import { aivenApplicationResource } from '../../pkg/api/aiven-application.ts';
import { demoNamespace, prepareNamespace, root } from '../demo-setup.ts';
import { between, served } from './kube-requests.ts';
import { startBenchController, waitForKeyRing, type BenchEnv } from './controller.ts';
import type { Report } from './report.ts';

const resources = ['secrets', 'aivenapplications', 'events'] as const;

export async function measureWrites(env: BenchEnv, report: Report): Promise<void> {
  const kc = env.controlPlane.kubeConfig;
  await prepareNamespace(env.controlPlane);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const { group, version, plural } = aivenApplicationResource;
  const body: unknown = parse(readFileSync(join(root, 'config/samples/one-secret-per-app.yaml'), 'utf8'));
  let controller = await startBenchController(env, demoNamespace, []);
  await waitForKeyRing(kc);
  const before = await served(kc);
  await custom.createNamespacedCustomObject({ group, version, plural, namespace: demoNamespace, body });
  while ((await countReadyApps(custom, demoNamespace)) < 1) await sleep(200);
  await sleep(3000); // the janitor's pass and any late write
  const synced = await served(kc);
  await controller.stop();
  controller = await startBenchController(env, demoNamespace, []);
  await sleep(5000); // caches synced, the app reconciled (a no-op), the janitor's pass
  const resynced = await served(kc);
  await controller.stop();
  const scenario = 'one app: Kafka, OpenSearch, PostgreSQL, two Valkeys';
  // The app's own creation (one POST) is the bench's, not the controller's.
  const own = (r: string) => (r === 'aivenapplications' ? 1 : 0);
  for (const r of resources)
    report.in(scenario).add(`first synchronization: ${r} writes`, between(before, synced, 'writes', [r]) - own(r), '');
  for (const r of resources)
    report.in(scenario).add(`no-op resync (restart): ${r} writes`, between(synced, resynced, 'writes', [r]), '', {
      max: 0,
    });
}

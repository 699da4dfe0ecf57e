// A namespace with N synchronized apps is deleted: kube-controller-manager's namespace controller deletes the apps
// and secrets, and the controller's finalizer deletes each secret's Aiven users first. Time per secret, which must
// not grow with N (no scan of every managed secret per finalization).
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { declareInstance } from '../../testenv/aiven-operator.ts';
import { countReadyApps, createApps } from '../../testenv/many-apps.ts';
import { cpuSeconds, startBenchController, type BenchEnv } from './controller.ts';
import type { Report } from './report.ts';

/** Deletes a namespace of `apps` synchronized PostgreSQL apps; returns milliseconds per secret. */
export async function measureNamespaceDeletion(env: BenchEnv, apps: number, report: Report): Promise<number> {
  const kc = env.controlPlane.kubeConfig;
  const core = kc.makeApiClient(CoreV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const namespace = `bench-delete-${String(apps)}`;
  await core.createNamespace({ body: { metadata: { name: namespace } } });
  await declareInstance(kc, 'PostgreSQL', namespace, 'checkout-db');
  const controller = await startBenchController(env, namespace, []);
  await createApps(custom, { namespace, count: apps, prefix: 'app' }, { postgres: { instance: 'checkout-db' } });
  while ((await countReadyApps(custom, namespace)) < apps) await sleep(1000);
  await sleep(3000);
  env.simulator.resetRequests();
  const cpuBefore = cpuSeconds(controller.pid);
  const started = performance.now();
  await core.deleteNamespace({ name: namespace });
  const gone = async () =>
    core.readNamespace({ name: namespace }).then(
      () => false,
      () => true,
    );
  while (!(await gone())) await sleep(500);
  const ms = performance.now() - started;
  const cpu = cpuSeconds(controller.pid) - cpuBefore;
  await controller.stop();
  const deletes = env.simulator.requests().filter((r) => r.operation === 'ServiceUserDelete').length;
  const scenario = `delete a namespace of ${String(apps)} apps`;
  report.in(scenario).add('time', ms / 1000, 's');
  report.in(scenario).add('time per secret', ms / apps, 'ms');
  report.in(scenario).add('controller CPU per secret', (cpu * 1000) / apps, 'ms');
  report.in(scenario).add('Aiven users deleted', deletes, '', { min: apps, max: apps });
  return ms / apps;
}

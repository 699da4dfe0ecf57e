// Drift detection's cost: apps spread over several PostgreSQL services, synchronized, then the Aiven calls and the
// controller's CPU over quiet periods (goal: one listing per service and period, however many apps), and how long a
// user deleted behind the controller's back takes to come back.
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { declareInstance } from '../../testenv/aiven-operator.ts';
import { countReadyApps, createApps } from '../../testenv/many-apps.ts';
import { controllerCounter, cpuSeconds, startBenchController, type BenchEnv } from './controller.ts';
import type { Report } from './report.ts';

const periodSeconds = 5;
const periods = 3;

/** The PostgreSQL services the scenario spreads its apps over (the bench's simulator fixture holds them). */
export const driftServices = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `drift-pg-${String(i)}`);

/** Deletes one user of the first service behind the controller's back; seconds until it exists again. */
async function userBackAfter(env: BenchEnv): Promise<number> {
  const users = env.simulator.state.service('dev-nais-dev', driftServices(1)[0] ?? '')?.users;
  const victim = users?.list().find((user) => user.username !== 'avnadmin')?.username ?? '';
  await users?.delete(victim);
  const started = performance.now();
  while (users?.get(victim) === undefined && performance.now() - started < 4 * periodSeconds * 1000) await sleep(100);
  return (performance.now() - started) / 1000;
}

/** Creates the scenario's apps, an equal share on each service, and waits until every one is Ready. */
async function createSpreadApps(env: BenchEnv, namespace: string, apps: number, services: number): Promise<void> {
  const custom = env.controlPlane.kubeConfig.makeApiClient(CustomObjectsApi);
  for (const [i, instance] of driftServices(services).entries())
    await createApps(
      custom,
      { namespace, count: apps / services, prefix: `drift-${String(i)}` },
      { postgres: { instance } },
    );
  for (let ready = 0; ready < apps; ready = await countReadyApps(custom, namespace)) await sleep(500);
}

export async function measureDrift(env: BenchEnv, apps: number, services: number, report: Report): Promise<void> {
  const kc = env.controlPlane.kubeConfig;
  const namespace = 'bench-drift';
  const scenario = `drift detection: ${String(apps)} PostgreSQL apps over ${String(services)} services`;
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: namespace } } });
  for (const service of driftServices(services)) await declareInstance(kc, 'PostgreSQL', namespace, service);
  const controller = await startBenchController(env, namespace, [`--drift-period=${String(periodSeconds)}s`]);
  await createSpreadApps(env, namespace, apps, services);
  await sleep((periodSeconds + 1) * 1000); // a pass over everything synchronized

  env.simulator.resetRequests();
  const passes = () =>
    controllerCounter(controller, 'controller_runtime_reconcile_total', 'controller="drift-detector"');
  const [cpuBefore, passesBefore] = [cpuSeconds(controller.pid), await passes()];
  await sleep(periods * periodSeconds * 1000);
  const cpu = cpuSeconds(controller.pid) - cpuBefore;
  const passed = (await passes()) - passesBefore;
  const calls = env.simulator.requests().length;
  report.in(scenario).add('Aiven calls per period', calls / passed, '', { max: services });
  report.in(scenario).add('controller CPU per period', (cpu * 1000) / passed, 'ms');

  report.in(scenario).add('a deleted user back after', await userBackAfter(env), 's', { max: periodSeconds + 2 });
  await controller.stop();
}

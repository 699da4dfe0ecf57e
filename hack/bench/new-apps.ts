// New apps in one namespace and one Aiven project, synchronized by a controller of their own: time (and its floor
// when the simulator adds latency), the controller's CPU per app (start-up excluded), Aiven calls and Kubernetes
// writes per app, and resident memory idle, steady and at its peak.
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AivenApplication } from '../../pkg/api/aiven-application.ts';
import { declareInstance } from '../../testenv/aiven-operator.ts';
import { countReadyApps, createApps } from '../../testenv/many-apps.ts';
import { cpuSeconds, memoryMb, startBenchController, type BenchController, type BenchEnv } from './controller.ts';
import { between, served } from './kube-requests.ts';
import type { Goal, Report } from './report.ts';

export interface NewApps {
  readonly scenario: string;
  readonly namespace: string;
  readonly apps: number;
  readonly spec: Omit<AivenApplication['spec'], 'secretName'>;
  readonly workers?: number;
  /** Added by the simulator to every Aiven request. */
  readonly latencyMs?: number;
  readonly goals?: {
    readonly cpuMsPerApp?: Goal;
    readonly idleMb?: Goal;
    readonly steadyMb?: Goal;
    readonly floorRatio?: Goal;
  };
}

export interface NewAppsResult {
  readonly controller: BenchController;
}

/** Runs the scenario and leaves its controller running (the restart scenario stops it). */
export async function measureNewApps(env: BenchEnv, run: NewApps, report: Report): Promise<NewAppsResult> {
  const kc = env.controlPlane.kubeConfig;
  const { namespace, apps, scenario } = run;
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: namespace } } });
  await declareInstance(kc, 'PostgreSQL', namespace, 'checkout-db');
  env.simulator.faults.set(run.latencyMs ? [{ kind: 'latency', delayMs: run.latencyMs }] : []);
  const workers = run.workers === undefined ? [] : [`--workers=${String(run.workers)}`];
  const controller = await startBenchController(env, namespace, workers);
  await sleep(5000); // started, caches synced, nothing to do yet
  const idle = memoryMb(controller.pid);
  env.simulator.resetRequests();
  const before = await served(kc);
  const cpuBefore = cpuSeconds(controller.pid);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const started = performance.now();
  await createApps(custom, { namespace, count: apps, prefix: 'app' }, run.spec);
  for (let ready = 0; ready < apps; ready = await countReadyApps(custom, namespace)) await sleep(500);
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds(controller.pid) - cpuBefore;
  await sleep(5000); // the last writes and the janitor's pass
  const after = await served(kc);
  const steady = memoryMb(controller.pid);
  env.simulator.faults.set([]);
  const calls = env.simulator.requests().length;
  report.in(scenario).add('time', seconds, 's');
  if (run.latencyMs && run.workers) {
    const floor = (apps * (calls / apps) * run.latencyMs) / 1000 / run.workers;
    report.in(scenario).add('floor (apps × calls × latency / workers)', floor, 's');
    report.in(scenario).add('time / floor', seconds / floor, '×', run.goals?.floorRatio);
  }
  report.in(scenario).add('controller CPU per app', (cpu * 1000) / apps, 'ms', run.goals?.cpuMsPerApp);
  report.in(scenario).add('Aiven calls per app', calls / apps, '');
  // The bench's own creates are not the controller's writes.
  report.in(scenario).add('Kubernetes writes per app', (between(before, after, 'writes') - apps) / apps, '');
  report.in(scenario).add('RSS idle (no apps yet)', idle.rss, 'MB', run.goals?.idleMb);
  report.in(scenario).add('RSS steady', steady.rss, 'MB', run.goals?.steadyMb);
  report.in(scenario).add('RSS peak', steady.peak, 'MB');
  return { controller };
}

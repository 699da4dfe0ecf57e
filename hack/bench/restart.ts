// A restart over apps already synchronized: how long until the new process has looked at every app, what that
// costs (0 Aiven calls and 0 writes is the goal), and its memory with those apps (no burst behind it).
import { setTimeout as sleep } from 'node:timers/promises';
import { appReconciles, memoryMb, startBenchController, type BenchEnv } from './controller.ts';
import { between, served } from './kube-requests.ts';
import type { Goal, Report } from './report.ts';

export interface Restart {
  readonly scenario: string;
  readonly namespace: string;
  readonly apps: number;
  readonly goals?: { readonly readySeconds?: Goal; readonly steadyMb?: Goal };
}

export async function measureRestart(env: BenchEnv, run: Restart, report: Report): Promise<void> {
  const kc = env.controlPlane.kubeConfig;
  env.simulator.resetRequests();
  const before = await served(kc);
  const controller = await startBenchController(env, run.namespace, []);
  while ((await appReconciles(controller)) < run.apps) await sleep(100);
  const seconds = (performance.now() - controller.startedAt) / 1000;
  await sleep(5000); // anything a reconcile would write or call, and the janitor's pass
  const after = await served(kc);
  const memory = memoryMb(controller.pid);
  await controller.stop();
  report.in(run.scenario).add('start to every app reconciled', seconds, 's', run.goals?.readySeconds);
  report.in(run.scenario).add('Aiven calls', env.simulator.requests().length, '', { max: 0 });
  report.in(run.scenario).add('Kubernetes writes', between(before, after, 'writes'), '', { max: 0 });
  report.in(run.scenario).add('RSS with the apps', memory.rss, 'MB', run.goals?.steadyMb);
  report.in(run.scenario).add('RSS peak', memory.peak, 'MB');
}

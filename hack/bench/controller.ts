// The controller as the benchmarks run it: its own process against the bench's control plane and simulator, confined
// to one namespace, killed with the control plane if the bench dies.
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { AivenSimulator } from '../../sim/server.ts';
import { startNodeScript, type NodeScript } from '../../testenv/node-script.ts';
import { freePort } from '../../testenv/ports.ts';
import type { ControlPlane } from '../../testenv/testenv.ts';
import { waitFor } from '../../testenv/wait.ts';
import { root } from '../demo-setup.ts';
import { sumSeries } from './apiserver-metrics.ts';

export interface BenchEnv {
  readonly controlPlane: ControlPlane;
  readonly simulator: AivenSimulator;
}

export interface BenchController extends NodeScript {
  readonly pid: number;
  readonly httpPort: number;
  readonly startedAt: number;
  /** Stops it (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
}

/** The Node flags the chart gives the controller (values.yaml `nodeOptions`), so the bench measures what ships. */
export function chartNodeOptions(): string {
  const values = parse(readFileSync(join(root, 'charts/aivenator/values.yaml'), 'utf8')) as { nodeOptions?: string };
  return values.nodeOptions ?? '';
}

/**
 * The controller as it ships (dist/aivenator.js, built by `make build`, with the chart's Node flags);
 * BENCH_CONTROLLER=pkg/main.ts runs the sources instead, and BENCH_NODE_OPTIONS other Node flags.
 */
export async function startBenchController(
  env: BenchEnv,
  namespace: string,
  extra: readonly string[],
): Promise<BenchController> {
  const script = join(root, process.env.BENCH_CONTROLLER ?? 'dist/aivenator.js');
  const httpPort = await freePort();
  const startedAt = performance.now();
  const controller = startNodeScript(
    script,
    [
      `--kubeconfig=${env.controlPlane.kubeconfigPath}`,
      `--aiven-url=${env.simulator.url}`,
      '--aiven-token=sim-admin-token',
      `--watch-namespace=${namespace}`,
      '--leader-elect=false',
      `--http-address=127.0.0.1:${String(httpPort)}`,
      '--log-level=warn',
      ...extra,
    ],
    { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? chartNodeOptions() },
  );
  const pid = controller.child.pid ?? 0;
  env.controlPlane.adopt(pid);
  return {
    ...controller,
    pid,
    httpPort,
    startedAt,
    stop: async () => {
      controller.child.kill('SIGTERM');
      await controller.exited;
    },
  };
}

/** CPU seconds (user + system) a running process has used so far, from /proc (Linux; clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
  // The fields after the command name (which may hold spaces) start at its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Resident memory of a running process, now and at its peak (VmRSS, VmHWM in /proc; Linux), in MB. */
export function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** A counter of the controller's /metrics summed over its series (0 until it serves). */
export async function controllerCounter(controller: BenchController, name: string, labels = ''): Promise<number> {
  try {
    const text = await (await fetch(`http://127.0.0.1:${String(controller.httpPort)}/metrics`)).text();
    return sumSeries(text, name, (series) => series.includes(labels));
  } catch {
    return 0;
  }
}

/** How many AivenApplication reconciles the controller has finished. */
export const appReconciles = (controller: BenchController): Promise<number> =>
  controllerCounter(controller, 'controller_runtime_reconcile_total', 'controller="aivenapplication"');

/** Waits for the record key ring a first start creates (once per cluster, not a write of any app's). */
export async function waitForKeyRing(kc: KubeConfig): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  await waitFor(
    'the record key ring',
    () =>
      core.readNamespacedSecret({ name: 'aivenator-record-keys', namespace: 'default' }).then(
        () => true,
        () => undefined,
      ),
    { timeoutMs: 60_000, intervalMs: 200 },
  );
}

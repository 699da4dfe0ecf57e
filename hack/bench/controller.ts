// The controller as the benchmarks run it: its own process against the bench's control plane and simulator, confined
// to one namespace, killed with the control plane if the bench dies.
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AivenSimulator } from '../../sim/server.ts';
import { startNodeScript, type NodeScript } from '../../testenv/node-script.ts';
import type { ControlPlane } from '../../testenv/testenv.ts';
import { waitFor } from '../../testenv/wait.ts';
import { root } from '../demo-setup.ts';

/**
 * The controller as it ships (dist/aivenator.js, built by `make build`); BENCH_CONTROLLER=pkg/main.ts runs the
 * sources instead, and BENCH_NODE_OPTIONS gives its Node flags (to compare, e.g., V8 heap settings).
 */
export function startBenchController(
  env: { controlPlane: ControlPlane; simulator: AivenSimulator },
  namespace: string,
  extra: readonly string[],
): NodeScript {
  const script = join(root, process.env.BENCH_CONTROLLER ?? 'dist/aivenator.js');
  const nodeOptions = process.env.BENCH_NODE_OPTIONS;
  const controller = startNodeScript(
    script,
    [
      `--kubeconfig=${env.controlPlane.kubeconfigPath}`,
      `--aiven-url=${env.simulator.url}`,
      '--aiven-token=sim-admin-token',
      `--watch-namespace=${namespace}`,
      '--leader-elect=false',
      '--http-address=127.0.0.1:0',
      ...extra,
    ],
    nodeOptions === undefined ? {} : { NODE_OPTIONS: nodeOptions },
  );
  env.controlPlane.adopt(controller.child.pid ?? 0);
  return controller;
}

/** CPU seconds (user + system) a running process has used so far, from /proc (Linux; clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
  // The fields after the command name (which may hold spaces) start at its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

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

/** Resident memory of a running process, now and at its peak (VmRSS, VmHWM in /proc; Linux), in MB. */
export function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

// Two (or three) controller processes against one cluster: exactly one reconciles; a graceful stop hands over at
// once, a crash within the lease duration. Short timings keep the test quick: lease 4 s, renew 3 s, retry 0.5 s.
import { afterEach, describe, expect, test } from '@jest/globals';
import { aivenApplicationApiVersion } from '../pkg/api/aiven-application.ts';
import { createApp } from './support/aiven-applications.ts';
import { kubeconfigEnv } from './support/cluster.ts';
import { startController, type ControllerProcess } from './support/controller.ts';
import { useTestNamespace } from './support/namespace.ts';
import { waitFor } from '../testenv/wait.ts';

const leaseDurationMs = 4000;
const retryPeriodMs = 500;

describe('leader election between controller processes', () => {
  const ns = useTestNamespace('leader');
  const running: ControllerProcess[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((c) => c.stop()));
  });

  const replica = async (): Promise<{ controller: ControllerProcess; port: number }> => {
    const controller = startController(ns.name, [
      `--kubeconfig=${process.env[kubeconfigEnv] ?? ''}`,
      `--leader-election-namespace=${ns.name}`,
      `--lease-duration=${String(leaseDurationMs)}ms`,
      '--renew-deadline=3s',
      `--retry-period=${String(retryPeriodMs)}ms`,
    ]);
    running.push(controller);
    const ready = await controller.waitForLog('controller ready');
    await controller.waitForLog('caches synced');
    return { controller, port: Number(ready.httpPort) };
  };
  const http = async (port: number, path: string) => {
    const response = await fetch(`http://127.0.0.1:${String(port)}${path}`);
    return { status: response.status, body: await response.text() };
  };
  /** Reconciles of any result (without an Aiven token they end in MissingAivenToken, which still counts). */
  const reconciles = async (port: number) =>
    [...(await http(port, '/metrics')).body.matchAll(/^controller_runtime_reconcile_total\{[^}]*\} (\d+)$/gm)].reduce(
      (sum, m) => sum + Number(m[1]),
      0,
    );
  const timeOf = (line: Record<string, unknown>) => Date.parse(String(line.timestamp));

  test('lets only the leader reconcile, and hands over within 2 s of a SIGTERM', async () => {
    const a = await replica();
    await a.controller.waitForLog('workers started');
    const b = await replica();
    await b.controller.waitForLog('waiting for leadership');

    await createApp(ns.name, {
      apiVersion: aivenApplicationApiVersion,
      kind: 'AivenApplication',
      metadata: { name: 'app' },
      spec: { secretName: 's', kafka: { pool: 'dev-nais-dev' } },
    });
    await waitFor('the leader to reconcile', async () => ((await reconciles(a.port)) > 0 ? true : undefined), {
      timeoutMs: 10_000,
    });
    expect(await reconciles(b.port)).toBe(0);
    expect((await http(a.port, '/metrics')).body).toMatch(/leader_election_master_status\{name="aivenator"\} 1/);
    expect((await http(b.port, '/metrics')).body).not.toMatch(/leader_election_master_status\{name="aivenator"\} 1/);
    for (const port of [a.port, b.port]) {
      expect(await http(port, '/healthz')).toEqual({ status: 200, body: 'ok\n' });
      expect((await http(port, '/readyz')).status).toBe(200); // a synced standby is ready too
    }

    const stoppedAt = Date.now();
    a.controller.kill('SIGTERM');
    const took = timeOf(await b.controller.waitForLog('became leader')) - stoppedAt;
    expect(await a.controller.exited).toBe(0);
    expect(a.controller.logLines().map((l) => l.message)).toEqual(
      expect.arrayContaining(['shutting down', 'released leadership']),
    );
    expect(took).toBeLessThan(2000);
    await b.controller.waitForLog('workers started');
  });

  test('takes over within the lease duration when the leader is killed', async () => {
    const a = await replica();
    await a.controller.waitForLog('workers started');
    const b = await replica();
    await b.controller.waitForLog('waiting for leadership');
    await new Promise((resolve) => setTimeout(resolve, 2 * retryPeriodMs)); // b has seen a renew

    const killedAt = Date.now();
    a.controller.kill('SIGKILL');
    const took = timeOf(await b.controller.waitForLog('became leader', 15_000)) - killedAt;
    // Expiry counts from when b last saw the lease change (up to a retry period before the kill), and b notices it
    // at its next try: lease duration plus up to one retry period (measured: 4.1-4.6 s), with one more of slack.
    expect(took).toBeGreaterThan(leaseDurationMs - 2 * retryPeriodMs);
    expect(took).toBeLessThan(leaseDurationMs + 3 * retryPeriodMs);
  });
});

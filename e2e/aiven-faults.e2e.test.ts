// The client against every kind of fault the simulator injects: what it retries, how long it waits, and that a
// create whose response was lost still leaves exactly one user.
import { describe, expect, test } from '@jest/globals';
import { AivenPermanentError, AivenTransientError } from '../pkg/aiven/errors.ts';
import { fastRetry, newTestClient, useAivenSimulator } from './support/aiven.ts';

const signal = new AbortController().signal;
const kafka = { project: 'dev-nais-dev', service: 'kafka' };

async function timed<T>(action: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await action();
  return { result, ms: performance.now() - started };
}

describe('the Aiven client under injected faults', () => {
  const harness = useAivenSimulator();

  test('waits as long as a 429 Retry-After says, then succeeds', async () => {
    harness.sim.faults.set([{ kind: 'status', status: 429, retryAfterSeconds: 1, operation: 'ServiceGet', times: 1 }]);
    // A per-attempt timeout a busy machine's answer fits in: a timed-out attempt is a request of its own (seen in CI).
    const { registry, client } = newTestClient(harness.sim, undefined, { ...fastRetry, timeoutMs: 5000 });
    const { result, ms } = await timed(() => client.getService(kafka, signal));
    expect(result.service_name).toBe('kafka');
    expect(ms).toBeGreaterThanOrEqual(1000);
    expect(harness.sim.requests().map((r) => r.status)).toEqual([429, 200]);
    expect(await registry.getSingleMetricAsString('aivenator_aiven_request_retries_total')).toContain(
      'aivenator_aiven_request_retries_total{method="GET",reason="429"} 1',
    );
  });

  test('retries a burst of 5xx with backoff', async () => {
    harness.sim.faults.set([
      { kind: 'status', status: 502, times: 1 },
      { kind: 'status', status: 503, times: 1 },
    ]);
    expect(await newTestClient(harness.sim).client.getProjectCa('dev-nais-dev', signal)).toContain('BEGIN CERTIFICATE');
    expect(harness.sim.requests().map((r) => r.status)).toEqual([502, 503, 200]);
  });

  test('gives up after the last attempt with a transient error that carries the status', async () => {
    harness.sim.faults.set([{ kind: 'status', status: 503 }]);
    const failure = await newTestClient(harness.sim)
      .client.getService(kafka, signal)
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(AivenTransientError);
    expect(failure).toMatchObject({ status: 503, operation: 'ServiceGet', retry: 'backoff' });
    expect(harness.sim.count('ServiceGet')).toBe(4);
  });

  test('does not retry what cannot succeed (4xx)', async () => {
    harness.sim.faults.set([{ kind: 'status', status: 400, times: 1 }]);
    const failure = await newTestClient(harness.sim)
      .client.getService(kafka, signal)
      .catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(AivenPermanentError);
    expect(harness.sim.count('ServiceGet')).toBe(1);
  });

  test('abandons a request that hangs past the timeout and retries it', async () => {
    harness.sim.faults.set([{ kind: 'hang', delayMs: 3000, times: 1 }]);
    const { result, ms } = await timed(() => newTestClient(harness.sim).client.getService(kafka, signal));
    expect(result.service_name).toBe('kafka');
    expect(ms).toBeLessThan(2000); // the 500 ms timeout, not the 3 s hang
    expect(harness.sim.count('ServiceGet')).toBe(2);
  });

  test('retries after a connection reset', async () => {
    harness.sim.faults.set([{ kind: 'reset', times: 2 }]);
    expect((await newTestClient(harness.sim).client.getService(kafka, signal)).service_name).toBe('kafka');
    expect(harness.sim.requests().map((r) => r.status)).toEqual([0, 0, 200]);
  });

  test('tolerates added latency below the timeout', async () => {
    harness.sim.faults.set([{ kind: 'latency', delayMs: 200 }]);
    const { result, ms } = await timed(() => newTestClient(harness.sim).client.getService(kafka, signal));
    expect(result.service_name).toBe('kafka');
    expect(ms).toBeGreaterThanOrEqual(200);
    expect(harness.sim.count('ServiceGet')).toBe(1);
  });

  test('leaves exactly one user when the response to a create is lost after the user was created', async () => {
    harness.sim.faults.set([{ kind: 'lost-after-commit', operation: 'ServiceUserCreate', times: 1 }]);
    const ref = { ...kafka, username: 'shop_lost_9f8e7d6c_P16' };
    // Creating a Kafka user costs the simulator an RSA key: on a busy machine that outlasts the fast policy's 500 ms
    // per attempt, and a timed-out attempt would add a create of its own to the sequence this test is about.
    const client = newTestClient(harness.sim, undefined, { ...fastRetry, timeoutMs: 5000 }).client;
    const { user } = await client.createServiceUser(ref, undefined, signal);
    expect(user.username).toBe(ref.username);
    expect(user.access_cert).toContain('BEGIN CERTIFICATE');
    const service = harness.sim.state.service(kafka.project, kafka.service);
    expect(service?.users.list().filter((u) => u.username === ref.username)).toHaveLength(1);
    expect(harness.sim.requests().map((r) => `${r.operation} ${String(r.status)}`)).toEqual([
      'ServiceUserCreate 0',
      'ServiceUserCreate 409',
      'ServiceUserGet 200',
    ]);
  });

  test('stops at once when the caller aborts, without retrying', async () => {
    harness.sim.faults.set([{ kind: 'hang', delayMs: 3000 }]);
    const aborted = AbortSignal.timeout(100);
    const { client } = newTestClient(harness.sim, undefined, {
      maxAttempts: 4,
      baseDelayMs: 20,
      maxDelayMs: 200,
      maxRetryAfterMs: 5000,
      timeoutMs: 2000,
    });
    const { result, ms } = await timed(() => client.getService(kafka, aborted).catch((err: unknown) => err));
    expect((result as Error).name).toBe('TimeoutError');
    expect(ms).toBeLessThan(1000);
    expect(harness.sim.count('ServiceGet')).toBe(1);
  });

  test('can be steered at run time through the admin endpoint', async () => {
    const put = await fetch(`${harness.sim.url}/_sim/faults`, {
      method: 'PUT',
      body: JSON.stringify({ rules: [{ kind: 'status', status: 500, operation: 'ProjectList', times: 1 }] }),
    });
    expect(put.status).toBe(200);
    await newTestClient(harness.sim).client.listProjects(signal);
    const log = (await (await fetch(`${harness.sim.url}/_sim/requests`)).json()) as { counts: Record<string, number> };
    expect(log.counts).toEqual({ ProjectList: 2 });
  });
});

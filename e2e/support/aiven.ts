import { afterAll, beforeAll, beforeEach, expect } from '@jest/globals';
import { Registry } from 'prom-client';
import { createAivenClient, type AivenClient } from '../../pkg/aiven/client.ts';
import { createAivenMetrics, type AivenMetrics } from '../../pkg/aiven/metrics.ts';
import type { RetryPolicy } from '../../pkg/aiven/retry-policy.ts';
import { systemClock } from '../../pkg/runtime/clock.ts';
import { loadFixtures, type Fixture } from '../../sim/fixtures.ts';
import { startAivenSimulator, type AivenSimulator, type AivenSimulatorOptions } from '../../sim/server.ts';

export const defaultFixturePath = new URL('../../config/aiven-sim/default.yaml', import.meta.url).pathname;
export const adminToken = 'sim-admin-token';

/** The simulator's service-user requests so far, as `<operation> <status>`, in order. */
export const userCalls = (sim: AivenSimulator): string[] =>
  sim
    .requests()
    .filter((r) => r.operation.startsWith('ServiceUser'))
    .map((r) => `${r.operation} ${String(r.status)}`);

/** Short enough for tests to run quickly, long enough to show each mechanism. */
export const fastRetry: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 20,
  maxDelayMs: 200,
  maxRetryAfterMs: 5000,
  timeoutMs: 500,
};

/**
 * One simulator for the enclosing describe block: faults and the request log are cleared before each test, and
 * after the block no response may have broken the OpenAPI document.
 */
export function useAivenSimulator(
  fixture: Fixture = loadFixtures([defaultFixturePath]),
  options: Pick<AivenSimulatorOptions, 'secretsInAnswers'> = {},
): {
  readonly sim: AivenSimulator;
} {
  let sim: AivenSimulator | undefined;
  beforeAll(async () => {
    sim = await startAivenSimulator({ fixture, ...options });
  });
  beforeEach(() => {
    sim?.faults.set([]);
    sim?.resetRequests();
  });
  afterAll(async () => {
    expect(sim?.contractViolations()).toEqual([]);
    await sim?.stop();
  });
  return {
    get sim(): AivenSimulator {
      if (!sim) throw new Error('useAivenSimulator: the simulator is not running outside tests');
      return sim;
    },
  };
}

export interface TestClient {
  readonly client: AivenClient;
  readonly metrics: AivenMetrics;
  readonly registry: Registry;
}

export function newTestClient(sim: AivenSimulator, token = adminToken, retry: RetryPolicy = fastRetry): TestClient {
  const registry = new Registry();
  const metrics = createAivenMetrics(registry);
  const client = createAivenClient({
    baseUrl: sim.url,
    token,
    retry,
    metrics,
    clock: systemClock,
    caTtlMs: 60_000,
    connectionTtlMs: 60_000,
  });
  return { client, metrics, registry };
}

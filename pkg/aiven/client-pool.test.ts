import { describe, expect, test } from '@jest/globals';
import { Registry } from 'prom-client';
import { systemClock } from '../runtime/clock.ts';
import { AivenClientPool } from './client-pool.ts';
import { createAivenMetrics } from './metrics.ts';
import { defaultRetryPolicy } from './retry-policy.ts';

const pool = () =>
  new AivenClientPool({
    baseUrl: 'http://127.0.0.1:1',
    retry: defaultRetryPolicy,
    metrics: createAivenMetrics(new Registry()),
    clock: systemClock,
    caTtlMs: 1000,
    connectionTtlMs: 1000,
  });

describe('AivenClientPool', () => {
  test('gives the same client (and caches) for the same token', () => {
    const clients = pool();
    expect(clients.forToken('token-a')).toBe(clients.forToken('token-a'));
    expect(clients.size).toBe(1);
  });

  test("gives each token its own client, so no token reads from another token's cache", () => {
    const clients = pool();
    expect(clients.forToken('token-a')).not.toBe(clients.forToken('token-b'));
    expect(clients.size).toBe(2);
  });
});

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
  test('gives the same client (and caches) for the same source and version', () => {
    const clients = pool();
    expect(clients.forSource('default:a/b/token', '7', 'token-a')).toBe(
      clients.forSource('default:a/b/token', '7', 'token-a'),
    );
    expect(clients.size).toBe(1);
  });

  test("gives each source its own client, so no token reads from another token's cache", () => {
    const clients = pool();
    expect(clients.forSource('environment', 'environment', 't')).not.toBe(
      clients.forSource('default:a/b/token', '7', 't'),
    );
    expect(clients.size).toBe(2);
  });

  test('replaces the client of a source whose version changed, dropping the old one', () => {
    const clients = pool();
    const before = clients.forSource('default:a/b/token', '7', 'token-a');
    const after = clients.forSource('default:a/b/token', '8', 'token-b');
    expect(after).not.toBe(before);
    expect(clients.size).toBe(1);
    expect(clients.forSource('default:a/b/token', '8', 'token-b')).toBe(after);
  });
});

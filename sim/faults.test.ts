import { describe, expect, test } from '@jest/globals';
import { FaultInjector } from './faults.ts';

describe('FaultInjector', () => {
  test('applies a rule to matching requests only, as many times as asked', () => {
    const faults = new FaultInjector([{ kind: 'status', status: 429, operation: 'ServiceUserCreate', times: 2 }]);
    expect(faults.decide('ServiceGet', 'GET')).toEqual({ latencyMs: 0 });
    expect(faults.decide('ServiceUserCreate', 'POST').terminal?.status).toBe(429);
    expect(faults.decide('ServiceUserCreate', 'POST').terminal?.status).toBe(429);
    expect(faults.decide('ServiceUserCreate', 'POST')).toEqual({ latencyMs: 0 });
    expect(faults.list()).toEqual([]);
  });

  test('adds latencies and picks the first terminal fault', () => {
    const faults = new FaultInjector([
      { kind: 'latency', delayMs: 100 },
      { kind: 'reset', method: 'post' },
      { kind: 'latency', delayMs: 50 },
      { kind: 'status', status: 500 },
    ]);
    expect(faults.decide('ServiceUserCreate', 'POST')).toMatchObject({ latencyMs: 150, terminal: { kind: 'reset' } });
    expect(faults.decide('ServiceGet', 'GET')).toMatchObject({
      latencyMs: 150,
      terminal: { kind: 'status', status: 500 },
    });
  });

  test('applies a rate with the injected randomness', () => {
    const rolls = [0.1, 0.9];
    const faults = new FaultInjector([{ kind: 'status', rate: 0.5 }], () => rolls.shift() ?? 0);
    expect(faults.decide('ServiceGet', 'GET').terminal).toBeDefined();
    expect(faults.decide('ServiceGet', 'GET').terminal).toBeUndefined();
  });

  test('rejects a rule that is not one', () => {
    expect(() => new FaultInjector([{ kind: 'explode' as 'reset' }])).toThrow();
  });
});

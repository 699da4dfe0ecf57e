import { describe, expect, test } from '@jest/globals';
import { FaultInjector } from '../../sim/faults.ts';
import { Random } from './random.ts';
import { faultMix, faultsBetween, isInjectedFault } from './fault-mix.ts';

describe('faultMix', () => {
  test('no rules at rate 0', () => {
    expect(faultMix(0)).toEqual([]);
  });

  test.each([0.05, 0.2, 0.5])('the simulator fails %f of requests with it', (rate) => {
    const random = new Random(3);
    const injector = new FaultInjector(faultMix(rate), () => random.next());
    const n = 20_000;
    const failed = Array.from({ length: n }, () => injector.decide('ServiceUserCreate', 'POST')).filter(
      (d) => d.terminal !== undefined,
    ).length;
    expect(failed / n).toBeGreaterThan(rate - 0.015);
    expect(failed / n).toBeLessThan(rate + 0.015);
  });

  test('every kind is in the mix', () => {
    expect(new Set(faultMix(0.2).map((r) => `${r.kind}${r.status === undefined ? '' : String(r.status)}`))).toEqual(
      new Set(['status429', 'status500', 'status502', 'status503', 'hang', 'reset', 'lost-after-commit']),
    );
  });
});

describe('counting faults', () => {
  test.each([
    { status: 0, fault: true },
    { status: 429, fault: true },
    { status: 503, fault: true },
    { status: 200, fault: false },
    { status: 404, fault: false },
    { status: 409, fault: false },
  ])('status $status: $fault', ({ status, fault }) => {
    expect(isInjectedFault({ status })).toBe(fault);
  });

  test('only within the window', () => {
    const at = (t: number, status: number) => ({ method: 'GET', path: '/', operation: 'x', status, at: t });
    expect(faultsBetween([at(1, 503), at(5, 0), at(6, 200), at(10, 429)], 5, 10)).toBe(1);
  });
});

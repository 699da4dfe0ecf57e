import { describe, expect, test } from '@jest/globals';
import { ManualClock } from './manual-clock.ts';
import { defaultRateLimiterOptions, RateLimiter } from './rate-limiter.ts';

const fixedClock = () => new ManualClock(0);

describe('RateLimiter', () => {
  test('doubles the delay of a failing key from 5 ms up to 1000 s', () => {
    const limiter = new RateLimiter({ ...defaultRateLimiterOptions, burst: 1000 }, fixedClock());
    const delays = Array.from({ length: 6 }, () => limiter.when('a'));
    expect(delays).toEqual([5, 10, 20, 40, 80, 160]);
    for (let i = 0; i < 30; i++) limiter.when('a');
    expect(limiter.when('a')).toBe(1_000_000);
  });

  test("keeps each key's backoff apart and starts it again after forget", () => {
    const limiter = new RateLimiter({ ...defaultRateLimiterOptions, burst: 1000 }, fixedClock());
    limiter.when('a');
    limiter.when('a');
    expect(limiter.when('b')).toBe(5);
    expect(limiter.retries('a')).toBe(2);
    limiter.forget('a');
    expect(limiter.retries('a')).toBe(0);
    expect(limiter.when('a')).toBe(5);
  });

  test('spreads failures of many keys at the overall rate once the burst is spent', () => {
    const clock = fixedClock();
    const limiter = new RateLimiter({ baseDelayMs: 5, maxDelayMs: 1_000_000, qps: 10, burst: 3 }, clock);
    const delays = ['a', 'b', 'c', 'd', 'e'].map((key) => limiter.when(key));
    expect(delays).toEqual([5, 5, 5, 100, 200]);
    clock.advance(1000); // 10 tokens later: the debt of 2 is paid, 3 (the burst) are available again
    expect(['f', 'g', 'h', 'i'].map((key) => limiter.when(key))).toEqual([5, 5, 5, 100]);
  });
});

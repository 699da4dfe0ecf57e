import { describe, expect, test } from '@jest/globals';
import { backoffMs, decideRetry, parseRetryAfterMs, type RetryPolicy } from './retry-policy.ts';

const policy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  maxRetryAfterMs: 5000,
  timeoutMs: 1000,
};
const now = Date.parse('2026-11-24T10:00:00Z');
const middle = () => 0.5;

describe('backoffMs', () => {
  test.each([
    { retry: 1, random: 0, expected: 50 },
    { retry: 1, random: 1, expected: 100 },
    { retry: 2, random: 0.5, expected: 150 },
    { retry: 3, random: 0, expected: 200 },
    { retry: 10, random: 1, expected: 1000 },
  ])('waits $expected ms before retry $retry with random $random', ({ retry, random, expected }) => {
    expect(backoffMs(retry, policy, () => random)).toBe(expected);
  });
});

describe('parseRetryAfterMs', () => {
  test.each([
    { header: '2', expected: 2000 },
    { header: ' 0 ', expected: 0 },
    { header: 'Tue, 24 Nov 2026 10:00:03 GMT', expected: 3000 },
    { header: 'Tue, 24 Nov 2026 09:59:00 GMT', expected: 0 },
    { header: 'soon', expected: undefined },
    { header: '', expected: undefined },
    { header: null, expected: undefined },
  ])('reads "$header" as $expected ms', ({ header, expected }) => {
    expect(parseRetryAfterMs(header, now)).toBe(expected);
  });
});

describe('decideRetry', () => {
  test.each([
    { name: 'a network error', outcome: { attempt: 1 }, expected: { retry: true, delayMs: 75 } },
    { name: '503 without Retry-After', outcome: { attempt: 2, status: 503 }, expected: { retry: true, delayMs: 150 } },
    {
      name: '429 with Retry-After: 2',
      outcome: { attempt: 1, status: 429, retryAfter: '2' },
      expected: { retry: true, delayMs: 2000 },
    },
    {
      name: '500 ignoring Retry-After',
      outcome: { attempt: 1, status: 500, retryAfter: '2' },
      expected: { retry: true, delayMs: 75 },
    },
    { name: '408', outcome: { attempt: 1, status: 408 }, expected: { retry: true, delayMs: 75 } },
    {
      name: 'a Retry-After beyond the limit',
      outcome: { attempt: 1, status: 429, retryAfter: '60' },
      expected: { retry: false },
    },
    { name: 'the last attempt', outcome: { attempt: 4, status: 503 }, expected: { retry: false } },
    { name: '404', outcome: { attempt: 1, status: 404 }, expected: { retry: false } },
    { name: '409', outcome: { attempt: 1, status: 409 }, expected: { retry: false } },
    { name: '400', outcome: { attempt: 1, status: 400 }, expected: { retry: false } },
  ])('decides on $name', ({ outcome, expected }) => {
    expect(decideRetry(outcome, policy, now, middle)).toEqual(expected);
  });
});

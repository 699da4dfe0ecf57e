// When and how long to wait before retrying an Aiven request. Pure: the transport (transport.ts) acts on it.
import { isRetryableStatus } from './errors.ts';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** Backoff before the second attempt; doubles each time, up to maxDelayMs. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A server's Retry-After is honoured up to this long; beyond it the request gives up rather than hang a reconcile. */
  readonly maxRetryAfterMs: number;
  /** Each attempt is aborted after this long. */
  readonly timeoutMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 30_000,
  timeoutMs: 15_000,
};

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so retries of many clients spread
 * out but each still waits at least half the step.
 */
export function backoffMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

/** Retry-After as delta-seconds or an HTTP date, in milliseconds from `now`; undefined when absent or unparsable. */
export function parseRetryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export type RetryDecision = { readonly retry: false } | { readonly retry: true; readonly delayMs: number };

export interface AttemptOutcome {
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** The HTTP status, or undefined when no response arrived. */
  readonly status?: number;
  readonly retryAfter?: string | null;
}

export function decideRetry(
  outcome: AttemptOutcome,
  policy: RetryPolicy,
  now: number,
  random: () => number,
): RetryDecision {
  if (outcome.attempt >= policy.maxAttempts) return { retry: false };
  if (outcome.status !== undefined && !isRetryableStatus(outcome.status)) return { retry: false };
  const honoursRetryAfter = outcome.status === 429 || outcome.status === 503;
  const retryAfterMs = honoursRetryAfter ? parseRetryAfterMs(outcome.retryAfter ?? null, now) : undefined;
  if (retryAfterMs === undefined) return { retry: true, delayMs: backoffMs(outcome.attempt, policy, random) };
  return retryAfterMs > policy.maxRetryAfterMs ? { retry: false } : { retry: true, delayMs: retryAfterMs };
}

// How long a failing key waits before its next attempt: the larger of a per-key exponential backoff (one key that
// keeps failing backs off alone) and an overall token bucket (many keys failing at once cannot flood the servers).
// The same two limiters, with the same defaults, as controller-runtime's default.
import type { Clock } from './clock.ts';

export interface RateLimiterOptions {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Overall retries per second once the burst is spent. */
  readonly qps: number;
  readonly burst: number;
}

export const defaultRateLimiterOptions: RateLimiterOptions = {
  baseDelayMs: 5,
  maxDelayMs: 1_000_000,
  qps: 10,
  burst: 100,
};

export class RateLimiter {
  readonly #failures = new Map<string, number>();
  readonly #options: RateLimiterOptions;
  readonly #clock: Clock;
  #tokens: number;
  #refilledAt: number;

  constructor(options: RateLimiterOptions, clock: Clock) {
    this.#options = options;
    this.#clock = clock;
    this.#tokens = options.burst;
    this.#refilledAt = clock.now();
  }

  /** The delay before `key` may be retried; each call counts one more failure. */
  when(key: string): number {
    const failures = this.#failures.get(key) ?? 0;
    this.#failures.set(key, failures + 1);
    const backoff = Math.min(this.#options.maxDelayMs, this.#options.baseDelayMs * 2 ** failures);
    return Math.max(backoff, this.#reserveToken());
  }

  /** Failures counted for `key`. */
  retries(key: string): number {
    return this.#failures.get(key) ?? 0;
  }

  /** The key succeeded (or gave up): its backoff starts again from the base. */
  forget(key: string): void {
    this.#failures.delete(key);
  }

  /** Takes a token, possibly one that only becomes available later; returns how long until it does. */
  #reserveToken(): number {
    const now = this.#clock.now();
    const { qps, burst } = this.#options;
    this.#tokens = Math.min(burst, this.#tokens + ((now - this.#refilledAt) / 1000) * qps);
    this.#refilledAt = now;
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : Math.ceil((-this.#tokens / qps) * 1000);
  }
}

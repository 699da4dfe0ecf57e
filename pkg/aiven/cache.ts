import type { Clock } from '../runtime/clock.ts';

/**
 * Values that change rarely (project CAs, service addresses), kept for a TTL. The pending promise is stored, so N
 * concurrent callers cause one request; a failed load is forgotten at once, so the next caller tries again.
 */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: Promise<V>; expiresAt: number }>();
  readonly #ttlMs: number;
  readonly #clock: Clock;

  constructor(ttlMs: number, clock: Clock) {
    this.#ttlMs = ttlMs;
    this.#clock = clock;
  }

  get(key: string, load: () => Promise<V>): Promise<V> {
    const cached = this.#entries.get(key);
    if (cached && cached.expiresAt > this.#clock.now()) return cached.value;
    const value = load();
    this.#entries.set(key, { value, expiresAt: this.#clock.now() + this.#ttlMs });
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    });
    return value;
  }
}

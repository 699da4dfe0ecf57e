// Keys waiting to be reconciled, with client-go's guarantees: a key queued twice while waiting is processed once;
// a key is never handed to two workers at once (one added while in process is queued again when it is done).
import type { Clock, Timer } from './clock.ts';
import type { RateLimiter } from './rate-limiter.ts';

/** What the queue reports; the controller wires these to Prometheus. */
export interface WorkQueueObserver {
  added(): void;
  retried(): void;
  depth(n: number): void;
  waited(ms: number): void;
}

const silent: WorkQueueObserver = {
  added: () => undefined,
  retried: () => undefined,
  depth: () => undefined,
  waited: () => undefined,
};

export class WorkQueue {
  readonly #queue: string[] = [];
  readonly #dirty = new Set<string>();
  readonly #processing = new Set<string>();
  readonly #queuedAt = new Map<string, number>();
  readonly #timers = new Map<string, { at: number; timer: Timer }>();
  readonly #waiters: ((key: string | undefined) => void)[] = [];
  readonly #limiter: RateLimiter;
  readonly #clock: Clock;
  readonly #observer: WorkQueueObserver;
  #shuttingDown = false;

  constructor(limiter: RateLimiter, clock: Clock, observer: WorkQueueObserver = silent) {
    this.#limiter = limiter;
    this.#clock = clock;
    this.#observer = observer;
  }

  add(key: string): void {
    if (this.#shuttingDown || this.#dirty.has(key)) return;
    this.#dirty.add(key);
    this.#observer.added();
    if (this.#processing.has(key)) return; // queued again by done()
    this.#push(key);
  }

  /** Adds after a delay; of several pending delays for one key the earliest wins. */
  addAfter(key: string, delayMs: number): void {
    if (this.#shuttingDown) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const at = this.#clock.now() + delayMs;
    const pending = this.#timers.get(key);
    if (pending && pending.at <= at) return;
    pending?.timer.cancel();
    const timer = this.#clock.setTimer(() => {
      this.#timers.delete(key);
      this.add(key);
    }, delayMs);
    this.#timers.set(key, { at, timer });
  }

  /** Adds after the key's backoff; the key's failure count grows until `forget`. */
  addRateLimited(key: string): void {
    this.#observer.retried();
    this.addAfter(key, this.#limiter.when(key));
  }

  forget(key: string): void {
    this.#limiter.forget(key);
  }

  /** The next key to process, or undefined once the queue is shut down. */
  get(): Promise<string | undefined> {
    const key = this.#queue.shift();
    if (key !== undefined) return Promise.resolve(this.#take(key));
    if (this.#shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** The worker finished `key`; if it was added meanwhile, it goes back in the queue. */
  done(key: string): void {
    this.#processing.delete(key);
    if (this.#dirty.has(key)) this.#push(key);
  }

  shutDown(): void {
    this.#shuttingDown = true;
    for (const { timer } of this.#timers.values()) timer.cancel();
    this.#timers.clear();
    for (const wake of this.#waiters.splice(0)) wake(undefined);
  }

  get length(): number {
    return this.#queue.length;
  }

  #push(key: string): void {
    this.#queuedAt.set(key, this.#clock.now());
    const waiter = this.#waiters.shift();
    if (waiter) waiter(this.#take(key));
    else this.#queue.push(key);
    this.#observer.depth(this.#queue.length);
  }

  #take(key: string): string {
    this.#dirty.delete(key);
    this.#processing.add(key);
    this.#observer.waited(this.#clock.now() - (this.#queuedAt.get(key) ?? this.#clock.now()));
    this.#queuedAt.delete(key);
    this.#observer.depth(this.#queue.length);
    return key;
  }
}

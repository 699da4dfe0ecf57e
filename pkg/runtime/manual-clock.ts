// A clock that moves only when told: tests of timed behaviour (delays, backoff, requeues) advance it instead of
// sleeping on wall-clock time, so they neither wait nor flake on a busy machine.
import type { Clock, Timer } from './clock.ts';

interface Pending {
  readonly at: number;
  readonly order: number;
  readonly callback: () => void;
  cancelled: boolean;
}

export class ManualClock implements Clock {
  #now: number;
  #order = 0;
  #pending: Pending[] = [];

  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(callback: () => void, delayMs: number): Timer {
    const pending: Pending = { at: this.#now + Math.max(0, delayMs), order: this.#order++, callback, cancelled: false };
    this.#pending.push(pending);
    return {
      cancel: () => {
        pending.cancelled = true;
      },
    };
  }

  /** Moves time forward, calling each timer that comes due on the way, in order (timers they set included). */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (let next = this.#nextDue(until); next; next = this.#nextDue(until)) {
      this.#pending = this.#pending.filter((p) => p !== next);
      this.#now = next.at;
      next.callback();
    }
    this.#now = until;
  }

  /** Timers set and not yet called or cancelled. */
  get pendingTimers(): number {
    return this.#pending.filter((p) => !p.cancelled).length;
  }

  #nextDue(until: number): Pending | undefined {
    this.#pending = this.#pending.filter((p) => !p.cancelled);
    return [...this.#pending].sort((a, b) => a.at - b.at || a.order - b.order).find((p) => p.at <= until);
  }
}

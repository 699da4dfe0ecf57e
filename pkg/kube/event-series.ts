// Which occurrences of an event become API writes, decided as client-go's events broadcaster does
// (k8s.io/client-go/tools/events): the first occurrence creates an Event, the second makes it a series (count 2),
// later ones are only counted here until a heartbeat or the end of the series writes the count. A retried failure
// so costs one object and a few writes, not one object per retry. No I/O: events.ts makes the calls.
import type { Clock, Timer } from '../runtime/clock.ts';

export interface SeriesWindows {
  /** A series not observed for this long has ended: its count is written a last time (client-go's finishTime). */
  readonly finishAfterMs: number;
  /** How often counts not yet written are written meanwhile (client-go's refreshTime). */
  readonly heartbeatMs: number;
  /** How often ended series are looked for: a series ends between finishAfterMs and finishAfterMs + sweepMs. */
  readonly sweepMs: number;
}

/** client-go's windows; the sweep is finer than its (6 min) so the cache holds little more than the last 6 min. */
export const clientGoWindows: SeriesWindows = {
  finishAfterMs: 6 * 60_000,
  heartbeatMs: 30 * 60_000,
  sweepMs: 60_000,
};

/** What makes two occurrences the same event. The note is part of it: a different failure is a different event. */
export interface EventIdentity {
  readonly regarding: {
    readonly apiVersion: string;
    readonly kind: string;
    readonly namespace: string;
    readonly name: string;
    readonly uid?: string;
  };
  readonly type: string;
  readonly reason: string;
  readonly action: string;
  readonly note: string;
  readonly reportingController: string;
}

export const eventKey = (e: EventIdentity): string => {
  const { apiVersion, kind, namespace, name, uid } = e.regarding;
  return JSON.stringify([
    apiVersion,
    kind,
    namespace,
    name,
    uid ?? '',
    e.reason,
    e.action,
    e.type,
    e.note,
    e.reportingController,
  ]);
};

/** One Event object and the occurrences it stands for. The recorder's writes update `written` and `name`. */
export interface Series<T> {
  readonly key: string;
  readonly event: T;
  /** The Event object's name; a new one when the object was gone and is created again. */
  name: string;
  /** When the object's first occurrence was seen: its eventTime. */
  firstObserved: number;
  lastObserved: number;
  /** Occurrences the object stands for. */
  count: number;
  /** The count the API server holds, as far as known: 0 before the create succeeded. */
  written: number;
}

export type Write = 'create' | 'patch' | 'none';

/**
 * The call a series needs when its write's turn comes, which may differ from what the occurrence called for: the
 * create before it may have failed (create, with every occurrence), or an earlier write already carried the count.
 */
export const writeFor = (s: Series<unknown>): Write => {
  if (s.written === 0) return 'create';
  return s.count > s.written ? 'patch' : 'none';
};

/**
 * The object is gone (a patch answered 404: deleted, or expired after its 1 h TTL): what it held went with it. A new
 * object, created next, stands for the occurrences it did not hold.
 */
export function restart(s: Series<unknown>, name: string, now: number): void {
  s.count -= s.written;
  s.written = 0;
  s.name = name;
  s.firstObserved = now;
}

/** The series of the last finishAfterMs, by key; `due` is called with each series whose count should be written. */
export class EventSeries<T> {
  readonly #clock: Clock;
  readonly #windows: SeriesWindows;
  readonly #due: (series: Series<T>) => void;
  readonly #cache = new Map<string, Series<T>>();
  #timer: Timer | undefined;
  #nextHeartbeat = 0;

  constructor(clock: Clock, windows: SeriesWindows, due: (series: Series<T>) => void) {
    this.#clock = clock;
    this.#windows = windows;
    this.#due = due;
  }

  /** Counts an occurrence; says what it calls for: create (first), patch (second, the count 2), or nothing. */
  observe(key: string, event: T, newName: () => string): { series: Series<T>; write: Write } {
    const now = this.#clock.now();
    const known = this.#cache.get(key);
    if (known && !this.#ended(known, now)) {
      known.count++;
      known.lastObserved = now;
      return { series: known, write: known.count === 2 ? 'patch' : 'none' };
    }
    if (known) this.#finish(known); // ended, and the sweep has not come yet: its count first, then a new object
    const series: Series<T> = {
      key,
      event,
      name: newName(),
      firstObserved: now,
      lastObserved: now,
      count: 1,
      written: 0,
    };
    this.#cache.set(key, series);
    this.#schedule(now);
    return { series, write: 'create' };
  }

  /** Ends every series now (stop): the cache is emptied, the timer cancelled; the caller writes what is pending. */
  drain(): Series<T>[] {
    this.#timer?.cancel();
    this.#timer = undefined;
    const all = [...this.#cache.values()];
    this.#cache.clear();
    return all;
  }

  get size(): number {
    return this.#cache.size;
  }

  #ended(s: Series<T>, now: number): boolean {
    return now - s.lastObserved >= this.#windows.finishAfterMs;
  }

  /** Dropped, and its count written if it has occurrences not yet written (writeFor decides at write time). */
  #finish(s: Series<T>): void {
    this.#cache.delete(s.key);
    if (writeFor(s) !== 'none') this.#due(s);
  }

  /** One timer while the cache holds anything; none while it is empty. */
  #schedule(now: number): void {
    if (this.#timer) return;
    if (this.#nextHeartbeat <= now) this.#nextHeartbeat = now + this.#windows.heartbeatMs;
    this.#timer = this.#clock.setTimer(() => {
      this.#tick();
    }, this.#windows.sweepMs);
  }

  #tick(): void {
    this.#timer = undefined;
    const now = this.#clock.now();
    const heartbeat = now >= this.#nextHeartbeat;
    if (heartbeat) this.#nextHeartbeat = now + this.#windows.heartbeatMs;
    for (const s of [...this.#cache.values()]) {
      if (this.#ended(s, now)) this.#finish(s);
      else if (heartbeat && writeFor(s) !== 'none') this.#due(s);
    }
    if (this.#cache.size > 0) this.#schedule(now);
  }
}

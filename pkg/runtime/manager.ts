// Runs the controllers of one process: caches first, then (with leader election) only the leader's workers.
// Shutdown: stop taking work, let in-flight reconciles finish within a bound, write what they left buffered (event
// counts), release the lease, close the caches.
import type { Controller } from './controller.ts';
import type { Logger } from './log.ts';

/** What the manager needs of an informer (pkg/kube/informer.ts) to start it; reconcilers read it as an ObjectCache. */
export interface StartableCache {
  readonly name: string;
  start(signal: AbortSignal): Promise<void>;
  hasSynced(): boolean;
  stop(): Promise<void>;
}

/** What the manager needs of leader election (pkg/kube/leader-election.ts). */
export interface Leadership {
  acquire(signal: AbortSignal): Promise<void>;
  hold(signal: AbortSignal): Promise<'stopped' | 'lost'>;
  release(): Promise<void>;
}

export interface ManagerOptions {
  readonly caches: readonly StartableCache[];
  readonly controllers: readonly Controller[];
  /** Undefined: this process always runs its controllers. */
  readonly leadership: Leadership | undefined;
  /** Run by the leader once the caches are synced, before any worker (e.g. create what the workers need). */
  readonly prepare?: (signal: AbortSignal) => Promise<void>;
  /**
   * Run on a graceful stop once the workers have drained, while this process still leads (e.g. write the event
   * counts the workers left buffered). Not after losing the lease: a replica that may no longer lead writes nothing.
   */
  readonly drained?: () => Promise<void>;
  readonly shutdownTimeoutMs: number;
  readonly log: Logger;
}

export type ManagerOutcome = 'stopped' | 'lost-leadership';

export class Manager {
  readonly #o: ManagerOptions;
  #workersStarted = false;

  constructor(options: ManagerOptions) {
    this.#o = options;
  }

  /** Ready once every cache has synced and, for the leader, its workers run; a standby is ready when synced. */
  isReady(): boolean {
    const synced = this.#o.caches.every((cache) => cache.hasSynced());
    return synced && (this.#workersStarted || this.#o.leadership !== undefined);
  }

  async run(shutdown: AbortSignal): Promise<ManagerOutcome> {
    const { caches, controllers, leadership, log } = this.#o;
    try {
      await Promise.all(caches.map((cache) => cache.start(shutdown)));
      log.info('caches synced', { caches: caches.map((c) => c.name) });
      await leadership?.acquire(shutdown);
      await this.#o.prepare?.(shutdown);
    } catch (err) {
      if (shutdown.aborted) return this.#close('stopped');
      throw err;
    }
    const stopWork = new AbortController();
    const abortInFlight = new AbortController();
    const running = Promise.all(controllers.map((c) => c.run(stopWork.signal, abortInFlight.signal)));
    this.#workersStarted = true;
    log.info('workers started', { controllers: controllers.map((c) => c.name) });
    const outcome = leadership ? await leadership.hold(shutdown) : await untilAborted(shutdown);
    stopWork.abort();
    const bound = setTimeout(
      () => {
        log.warn('in-flight reconciles did not finish in time; aborting them', {
          timeoutMs: this.#o.shutdownTimeoutMs,
        });
        abortInFlight.abort();
      },
      outcome === 'lost' ? 0 : this.#o.shutdownTimeoutMs,
    );
    await running;
    clearTimeout(bound);
    if (outcome === 'lost') return this.#close('lost-leadership');
    await this.#o.drained?.();
    await leadership?.release();
    return this.#close('stopped');
  }

  async #close(outcome: ManagerOutcome): Promise<ManagerOutcome> {
    this.#workersStarted = false;
    await Promise.all(this.#o.caches.map((cache) => cache.stop()));
    return outcome;
  }
}

function untilAborted(signal: AbortSignal): Promise<'stopped'> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve('stopped');
    signal.addEventListener(
      'abort',
      () => {
        resolve('stopped');
      },
      { once: true },
    );
  });
}

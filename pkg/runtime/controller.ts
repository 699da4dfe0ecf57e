// A controller: a work queue of object keys and N workers calling one reconciler, level-triggered. What a reconcile
// throws decides what happens next: a PermanentError waits for the object to change; anything else is retried
// with the rate limiter's backoff; success forgets the key's failures and honours requeueAfterMs.
import { randomUUID } from 'node:crypto';
import type { Clock } from './clock.ts';
import { ControllerError, describeError } from './errors.ts';
import type { Logger } from './log.ts';
import type { RuntimeMetrics } from './metrics.ts';
import { defaultRateLimiterOptions, RateLimiter } from './rate-limiter.ts';
import { WorkQueue } from './work-queue.ts';

export interface ObjectKey {
  readonly namespace?: string;
  readonly name: string;
}

export interface ReconcileContext {
  readonly log: Logger;
  /** Aborted at the reconcile timeout, or when shutdown stops waiting for in-flight work. */
  readonly signal: AbortSignal;
  readonly clock: Clock;
  readonly reconcileID: string;
}

export interface ReconcileResult {
  readonly requeueAfterMs?: number;
}

export interface Reconciler {
  reconcile(key: ObjectKey, ctx: ReconcileContext): Promise<ReconcileResult>;
}

export interface ControllerOptions {
  readonly name: string;
  readonly reconciler: Reconciler;
  readonly workers: number;
  readonly reconcileTimeoutMs: number;
  readonly log: Logger;
  readonly metrics: RuntimeMetrics;
  readonly clock: Clock;
}

/** The namespace and name of an object, as API calls and work-queue keys take them. */
export const objectKeyOf = (object: { metadata?: { namespace?: string; name?: string } }) => ({
  namespace: object.metadata?.namespace ?? '',
  name: object.metadata?.name ?? '',
});

export const keyOf = ({ namespace, name }: ObjectKey): string => (namespace ? `${namespace}/${name}` : name);
export function parseKey(key: string): ObjectKey {
  const slash = key.indexOf('/');
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

export class Controller {
  readonly name: string;
  readonly #options: ControllerOptions;
  readonly #queue: WorkQueue;

  constructor(options: ControllerOptions) {
    this.name = options.name;
    this.#options = options;
    const { metrics, name } = options;
    this.#queue = new WorkQueue(new RateLimiter(defaultRateLimiterOptions, options.clock), options.clock, {
      added: () => {
        metrics.workqueueAdds.inc({ name });
      },
      retried: () => {
        metrics.workqueueRetries.inc({ name });
      },
      depth: (n) => {
        metrics.workqueueDepth.set({ name }, n);
      },
      waited: (ms) => {
        metrics.workqueueQueueDuration.observe({ name }, ms / 1000);
      },
    });
  }

  enqueue(key: ObjectKey): void {
    this.#queue.add(keyOf(key));
  }

  /** Queues the key after a delay; of several pending delays for one key the earliest wins. */
  enqueueAfter(key: ObjectKey, delayMs: number): void {
    this.#queue.addAfter(keyOf(key), delayMs);
  }

  /**
   * Runs the workers until `stop` aborts; then takes no new keys and resolves when in-flight reconciles are done.
   * `abortInFlight` cancels those (the caller's bound on how long shutdown may take).
   */
  async run(stop: AbortSignal, abortInFlight: AbortSignal): Promise<void> {
    const { metrics, name, workers } = this.#options;
    metrics.maxConcurrentReconciles.set({ controller: name }, workers);
    stop.addEventListener(
      'abort',
      () => {
        this.#queue.shutDown();
      },
      { once: true },
    );
    if (stop.aborted) this.#queue.shutDown();
    await Promise.all(Array.from({ length: workers }, () => this.#work(abortInFlight)));
  }

  async #work(abortInFlight: AbortSignal): Promise<void> {
    for (let key = await this.#queue.get(); key !== undefined; key = await this.#queue.get()) {
      try {
        await this.#process(key, abortInFlight);
      } finally {
        this.#queue.done(key);
      }
    }
  }

  async #process(key: string, abortInFlight: AbortSignal): Promise<void> {
    const { metrics, name: controller, clock } = this.#options;
    const objectKey = parseKey(key);
    const reconcileID = randomUUID();
    const log = this.#options.log.child({ controller, ...objectKey, reconcileID });
    const signal = AbortSignal.any([abortInFlight, AbortSignal.timeout(this.#options.reconcileTimeoutMs)]);
    const started = clock.now();
    metrics.activeWorkers.inc({ controller });
    const done = metrics.inFlight.begin(controller);
    try {
      const result = await this.#options.reconciler.reconcile(objectKey, { log, signal, clock, reconcileID });
      this.#queue.forget(key);
      if (result.requeueAfterMs !== undefined) this.#queue.addAfter(key, result.requeueAfterMs);
      metrics.reconcileTotal.inc({
        controller,
        result: result.requeueAfterMs === undefined ? 'success' : 'requeue_after',
      });
      log.debug('reconciled', { durationMs: clock.now() - started });
    } catch (err) {
      this.#failed(key, err, log);
    } finally {
      done();
      metrics.activeWorkers.dec({ controller });
      const seconds = (clock.now() - started) / 1000;
      metrics.reconcileTime.observe({ controller }, seconds);
      metrics.workqueueWorkDuration.observe({ name: controller }, seconds);
    }
  }

  #failed(key: string, err: unknown, log: Logger): void {
    const { metrics, name: controller } = this.#options;
    metrics.reconcileTotal.inc({ controller, result: 'error' });
    metrics.reconcileErrors.inc({ controller });
    const reason = err instanceof ControllerError ? err.reason : 'Unexpected';
    if (err instanceof ControllerError && err.retry === 'never') {
      metrics.terminalReconcileErrors.inc({ controller });
      this.#queue.forget(key);
      log.error('reconcile failed; waiting for a change', { reason, err: describeError(err) });
      return;
    }
    this.#queue.addRateLimited(key);
    log.warn('reconcile failed; will retry', { reason, err: describeError(err) });
  }
}

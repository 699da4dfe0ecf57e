// Kubernetes events (events.k8s.io/v1) with a reason and an action, the way `kubectl describe` shows them. Event
// notes are for people and never carry secret values; failing to record one is logged, never fatal. Repeats are
// aggregated into one Event with a series count, as client-go does (event-series.ts decides; this file calls).
import { randomBytes } from 'node:crypto';
import { EventsV1Api, PatchStrategy, setHeaderOptions, V1MicroTime, type KubeConfig } from '@kubernetes/client-node';
import { systemClock, type Clock } from '../runtime/clock.ts';
import type { Logger } from '../runtime/log.ts';
import { describeKubeError, kubeStatusOf } from './errors.ts';
import {
  clientGoWindows,
  EventSeries,
  eventKey,
  restart,
  writeFor,
  type Series,
  type SeriesWindows,
} from './event-series.ts';
import { withSignal } from './request-options.ts';

export interface EventSubject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid?: string;
}

export interface EventRecord {
  readonly type: 'Normal' | 'Warning';
  /** PascalCase, e.g. Synchronized. */
  readonly reason: string;
  /** What the controller did or tried, e.g. CreateSecret. */
  readonly action: string;
  readonly note: string;
}

/** client-go's windows unless a test shortens them; the clock is injected so the series logic needs no waiting. */
export interface EventRecorderOptions {
  readonly clock?: Clock;
  readonly windows?: Partial<SeriesWindows>;
}

interface Occurrence {
  readonly subject: EventSubject;
  readonly record: EventRecord;
}

const reportingController = 'aivenator';

/** An event write that hangs (API server unreachable) gives up, so neither a reconcile nor shutdown waits on it. */
const writeTimeoutMs = 5_000;

/** `<subject>.<random>`, the subject's name cut so the whole stays within the 253 characters a name may have. */
const eventName = (subject: string): string => `${subject.slice(0, 253 - 17)}.${randomBytes(8).toString('hex')}`;

/** MicroTime: six fractional digits, or the API server refuses the event. */
const microTime = (ms: number): V1MicroTime => new V1MicroTime(ms);

const seriesOf = (count: number, lastObserved: number) => ({ count, lastObservedTime: microTime(lastObserved) });

export class EventRecorder {
  readonly #api: EventsV1Api;
  readonly #instance: string;
  readonly #log: Logger;
  readonly #clock: Clock;
  readonly #series: EventSeries<Occurrence>;
  /** Each series' last write: the next waits for it, so a patch never overtakes the create it patches. */
  readonly #queues = new WeakMap<Series<Occurrence>, Promise<void>>();
  readonly #inFlight = new Set<Promise<void>>();

  constructor(kc: KubeConfig, instance: string, log: Logger, options: EventRecorderOptions = {}) {
    this.#api = kc.makeApiClient(EventsV1Api);
    this.#instance = instance;
    this.#log = log;
    this.#clock = options.clock ?? systemClock;
    this.#series = new EventSeries(this.#clock, { ...clientGoWindows, ...options.windows }, (series) => {
      void this.#write(series);
    });
  }

  /** Resolves once what this occurrence calls for is written (or has failed, logged); at once when it is counted only. */
  record(subject: EventSubject, event: EventRecord): Promise<void> {
    const key = eventKey({ regarding: subject, ...event, reportingController });
    const { series, write } = this.#series.observe(key, { subject, record: event }, () => eventName(subject.name));
    return write === 'none' ? Promise.resolve() : this.#write(series);
  }

  /** Ends every series, writing counts not yet written, and waits for every write. Later records start afresh. */
  async stop(): Promise<void> {
    for (const series of this.#series.drain()) void this.#write(series);
    await Promise.all(this.#inFlight);
  }

  #write(series: Series<Occurrence>): Promise<void> {
    const next = (this.#queues.get(series) ?? Promise.resolve()).then(() => this.#sync(series));
    this.#queues.set(series, next);
    this.#inFlight.add(next);
    void next.finally(() => this.#inFlight.delete(next));
    return next;
  }

  /** Never throws: a failure is logged, and a later write (heartbeat, end of series) carries the count again. */
  async #sync(series: Series<Occurrence>): Promise<void> {
    const write = writeFor(series);
    try {
      if (write === 'create') await this.#create(series);
      if (write === 'patch') await this.#patch(series);
    } catch (err) {
      const { reason } = series.event.record;
      const { namespace, name } = series.event.subject;
      this.#log.warn('could not record event', { reason, namespace, name, err: describeKubeError(err) });
    }
  }

  async #create(series: Series<Occurrence>): Promise<void> {
    const { subject, record } = series.event;
    const { count, lastObserved } = series;
    await this.#api.createNamespacedEvent(
      {
        namespace: subject.namespace,
        body: {
          metadata: { name: series.name, namespace: subject.namespace },
          eventTime: microTime(series.firstObserved),
          ...(count > 1 ? { series: seriesOf(count, lastObserved) } : {}),
          reportingController,
          reportingInstance: this.#instance,
          regarding: { ...subject },
          type: record.type,
          reason: record.reason,
          action: record.action,
          note: record.note,
        },
      },
      withSignal(AbortSignal.timeout(writeTimeoutMs)),
    );
    series.written = count;
  }

  async #patch(series: Series<Occurrence>): Promise<void> {
    const { count, lastObserved, name } = series;
    const { namespace } = series.event.subject;
    const options = setHeaderOptions(
      'Content-Type',
      PatchStrategy.MergePatch,
      withSignal(AbortSignal.timeout(writeTimeoutMs)),
    );
    try {
      await this.#api.patchNamespacedEvent(
        { name, namespace, body: { series: seriesOf(count, lastObserved) } },
        options,
      );
      series.written = count;
    } catch (err) {
      if (kubeStatusOf(err)?.code !== 404) throw err;
      restart(series, eventName(series.event.subject.name), this.#clock.now());
      await this.#create(series);
    }
  }
}

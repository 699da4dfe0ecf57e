// nais/aivenator's synchronization metrics, with its names, types, labels and buckets, so its PrometheusRule and
// dashboard keep working: every reconcile of an app by the state it leaves (RolloutComplete, RolloutFailed, or the
// state the status already held), failures retried, the time of each synchronization, why one was needed, and the time
// of each handler that succeeded (labelled as nais/aivenator names its handler types, e.g. kafka.KafkaHandler).
import { Counter, Histogram, type Registry } from 'prom-client';
import type { Handler } from '../handler/types.ts';

export type SyncState = 'RolloutComplete' | 'RolloutFailed' | 'unknown';

/** Why a synchronization was needed: nais/aivenator's two reasons, and this controller's renewal and drift. */
export type ProcessingReason = 'HashChanged' | 'MissingSecret' | 'CredentialRenewal' | 'MissingUser';

const linearSeconds = Array.from({ length: 20 }, (_, i) => 1 + 2 * i);

/** `kafka.KafkaHandler`, `opensearch.OpenSearchHandler`: the Go type names nais/aivenator's label values were. */
export const handlerLabel = (handler: Pick<Handler, 'service' | 'conditionType'>): string =>
  `${handler.service}.${handler.conditionType.replace(/Ready$/, '')}Handler`;

export class SyncMetrics {
  readonly #processed: Counter<'synchronization_state'>;
  readonly #requeued: Counter<'synchronization_state'>;
  readonly #processingTime: Histogram<'synchronization_state'>;
  readonly #reasons: Counter<'processing_reason'>;
  readonly #handlerTime: Histogram<'handler'>;

  constructor(registry: Registry) {
    const registers = [registry];
    const byState = { labelNames: ['synchronization_state'] as const, registers };
    this.#processed = new Counter({
      name: 'aivenator_aiven_applications_processed',
      help: 'number of applications synchronized with aiven',
      ...byState,
    });
    this.#requeued = new Counter({
      name: 'aivenator_aiven_applications_requeued',
      help: 'number of applications requeued for synchronization',
      ...byState,
    });
    this.#processingTime = new Histogram({
      name: 'aivenator_aiven_application_processing_time_seconds',
      help: 'seconds from observed to synchronised successfully',
      buckets: linearSeconds,
      ...byState,
    });
    this.#reasons = new Counter({
      name: 'aivenator_processing_reason',
      help: 'reason for why this processing needs to happen',
      labelNames: ['processing_reason'],
      registers,
    });
    this.#handlerTime = new Histogram({
      name: 'aivenator_aiven_handler_processing_time_seconds',
      help: 'seconds spent processing by handler',
      labelNames: ['handler'],
      buckets: linearSeconds,
      registers,
    });
  }

  /** One reconcile of an app that exists, by the state it left; a failure that will be retried is also requeued. */
  processed(state: SyncState, retried = false): void {
    this.#processed.inc({ synchronization_state: state });
    if (retried) this.#requeued.inc({ synchronization_state: state });
  }

  synchronized(state: SyncState, seconds: number, reason: ProcessingReason): void {
    this.#reasons.inc({ processing_reason: reason });
    this.#processingTime.observe({ synchronization_state: state }, seconds);
  }

  handler(handler: Pick<Handler, 'service' | 'conditionType'>, seconds: number): void {
    this.#handlerTime.observe({ handler: handlerLabel(handler) }, seconds);
  }
}

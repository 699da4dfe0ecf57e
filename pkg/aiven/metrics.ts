import { Counter, Histogram, type Registry } from 'prom-client';

/** Per-operation Aiven metrics. Labels are low-cardinality: Aiven's operationId, an HTTP status, a method. */
export interface AivenMetrics {
  /** One observation per client call (retries included), labelled with the final status or `no_response`. */
  readonly requestDuration: Histogram<'operation' | 'code'>;
  /** Each retry of one HTTP attempt, by method and the status (or `no_response`) that caused it. */
  readonly retries: Counter<'method' | 'reason'>;
}

export function createAivenMetrics(registry: Registry): AivenMetrics {
  return {
    requestDuration: new Histogram({
      name: 'aivenator_aiven_request_duration_seconds',
      help: 'Duration of Aiven API calls, retries included, by operation and final HTTP status.',
      labelNames: ['operation', 'code'],
      buckets: [0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    }),
    retries: new Counter({
      name: 'aivenator_aiven_request_retries_total',
      help: 'Aiven API requests retried, by HTTP method and the status (or no_response) that caused the retry.',
      labelNames: ['method', 'reason'],
      registers: [registry],
    }),
  };
}

import { Counter, Histogram, type Registry } from 'prom-client';

/** Per-operation Aiven metrics. Labels are low-cardinality: Aiven's operationId, an HTTP status, a method. */
export interface AivenMetrics {
  /** One observation per client call (retries included), labelled with the final status or `no_response`. */
  readonly requestDuration: Histogram<'operation' | 'code'>;
  /** Each retry of one HTTP attempt, by method and the status (or `no_response`) that caused it. */
  readonly retries: Counter<'method' | 'reason'>;
  /** nais/aivenator's series for the same calls (its dashboard's heatmaps), and the users created and deleted. */
  readonly nais: NaisAivenMetrics;
}

interface NaisAivenMetrics {
  readonly latency: Histogram<'operation' | 'status' | 'pool'>;
  readonly usersCreated: Counter<'pool'>;
  readonly usersDeleted: Counter<'pool'>;
}

/** nais/aivenator's operation names where it made the same call; this client's operationId otherwise. */
const naisOperations: Readonly<Record<string, string>> = {
  ProjectKmsGetCA: 'CA_Get',
  ServiceGet: 'Service_Get',
  ServiceUserGet: 'ServiceUser_Get',
  ServiceUserCreate: 'ServiceUser_Create',
  ServiceUserDelete: 'ServiceUser_Delete',
  ServiceUserCredentialsModify: 'ServiceUser_Update',
};

/** The Aiven project a call was about (nais/aivenator's `pool` label), from its URL: `/v1/project/<project>/...`. */
const projectOf = (url: string | undefined): string => /\/project\/([^/?]+)/.exec(url ?? '')?.[1] ?? '';

/** What nais/aivenator's metrics say of one finished call: `status` is the HTTP status, or 0 without a response. */
export function observeNaisCall(
  { latency, usersCreated, usersDeleted }: NaisAivenMetrics,
  call: {
    readonly operation: string;
    readonly status: number;
    readonly url: string | undefined;
    readonly seconds: number;
  },
): void {
  const pool = decodeURIComponent(projectOf(call.url));
  const operation = naisOperations[call.operation] ?? call.operation;
  latency.observe({ operation, status: String(call.status), pool }, call.seconds);
  const ok = call.status >= 200 && call.status < 300;
  if (ok && call.operation === 'ServiceUserCreate') usersCreated.inc({ pool });
  if (ok && call.operation === 'ServiceUserDelete') usersDeleted.inc({ pool });
}

function naisAivenMetrics(registers: Registry[]): NaisAivenMetrics {
  return {
    latency: new Histogram({
      name: 'aivenator_aiven_latency',
      help: 'latency in aiven api operations',
      labelNames: ['operation', 'status', 'pool'],
      buckets: Array.from({ length: 14 }, (_, i) => 0.02 * 2 ** i),
      registers,
    }),
    usersCreated: new Counter({
      name: 'aivenator_service_users_created',
      help: 'number of service users created',
      labelNames: ['pool'],
      registers,
    }),
    usersDeleted: new Counter({
      name: 'aivenator_service_users_deleted',
      help: 'number of service users deleted',
      labelNames: ['pool'],
      registers,
    }),
  };
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
    nais: naisAivenMetrics([registry]),
  };
}

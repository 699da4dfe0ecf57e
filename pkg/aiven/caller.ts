// The core every operation goes through: the typed openapi-fetch client, and `call`, which times an operation for
// the metrics and turns any failure into one of errors.ts's classes. Operations never see raw responses.
import createClient, { type Client } from 'openapi-fetch';
import type { Clock } from '../runtime/clock.ts';
import { classifyAivenFailure, classifyAivenResponse, isAivenError } from './errors.ts';
import type { paths } from './generated/schema.d.ts';
import { observeNaisCall, type AivenMetrics } from './metrics.ts';
import type { RetryPolicy } from './retry-policy.ts';
import { createRetryingFetch } from './transport.ts';

export type AivenHttp = Client<paths>;

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export interface Caller {
  readonly http: AivenHttp;
  call<T>(operation: string, signal: AbortSignal, send: () => Promise<FetchResult<T>>): Promise<T>;
}

export interface CallerOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly retry: RetryPolicy;
  readonly metrics: AivenMetrics;
  readonly clock: Clock;
}

export function createCaller(options: CallerOptions): Caller {
  const { metrics, clock } = options;
  const http = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    fetch: createRetryingFetch({
      policy: options.retry,
      clock,
      onRetry: ({ method, reason }) => {
        metrics.retries.inc({ method, reason });
      },
    }),
  });
  const authorization = `aivenv1 ${options.token}`;
  http.use({
    onRequest: ({ request }) => {
      request.headers.set('Authorization', authorization);
      return request;
    },
  });

  async function call<T>(operation: string, signal: AbortSignal, send: () => Promise<FetchResult<T>>): Promise<T> {
    const started = clock.now();
    const observe = (code: string, response?: Response) => {
      const seconds = (clock.now() - started) / 1000;
      metrics.requestDuration.observe({ operation, code }, seconds);
      observeNaisCall(metrics.nais, { operation, status: response?.status ?? 0, url: response?.url, seconds });
    };
    try {
      const { data, error, response } = await send();
      observe(String(response.status), response);
      if (response.ok && data !== undefined) return data;
      throw classifyAivenResponse(operation, response.status, error);
    } catch (err) {
      if (isAivenError(err)) throw err;
      signal.throwIfAborted();
      observe('no_response');
      throw classifyAivenFailure(operation, err);
    }
  }
  return { http, call };
}

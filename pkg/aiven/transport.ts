// The fetch that openapi-fetch uses: one timeout per attempt, retries as retry-policy.ts decides, and the caller's
// AbortSignal (shutdown, reconcile deadline) ends everything at once. After the last attempt the response is passed
// on as it is, so errors.ts still sees Aiven's status and message.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../runtime/clock.ts';
import { decideRetry, type RetryPolicy } from './retry-policy.ts';

export interface RetryEvent {
  readonly method: string;
  /** The status that caused the retry, or `no_response`. */
  readonly reason: string;
  readonly delayMs: number;
}

export interface TransportOptions {
  readonly policy: RetryPolicy;
  readonly clock: Clock;
  readonly onRetry: (event: RetryEvent) => void;
  readonly random?: () => number;
  readonly fetch?: typeof fetch;
}

export function createRetryingFetch(options: TransportOptions): (request: Request) => Promise<Response> {
  const { policy, clock, onRetry } = options;
  const random = options.random ?? Math.random;
  const send = options.fetch ?? fetch;
  return async (request) => {
    for (let attempt = 1; ; attempt++) {
      const signal = AbortSignal.any([request.signal, AbortSignal.timeout(policy.timeoutMs)]);
      let response: Response | undefined;
      try {
        response = await send(new Request(request.clone(), { signal }));
      } catch (err) {
        request.signal.throwIfAborted();
        const decision = decideRetry({ attempt }, policy, clock.now(), random);
        if (!decision.retry) throw err;
        onRetry({ method: request.method, reason: 'no_response', delayMs: decision.delayMs });
        await sleep(decision.delayMs, undefined, { signal: request.signal });
        continue;
      }
      const outcome = { attempt, status: response.status, retryAfter: response.headers.get('retry-after') };
      const decision = decideRetry(outcome, policy, clock.now(), random);
      if (!decision.retry) return response;
      await response.body?.cancel();
      onRetry({ method: request.method, reason: String(response.status), delayMs: decision.delayMs });
      await sleep(decision.delayMs, undefined, { signal: request.signal });
    }
  };
}

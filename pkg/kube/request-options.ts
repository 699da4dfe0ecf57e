import {
  Observable,
  type ConfigurationOptions,
  type ObservableMiddleware,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';

/**
 * Per-call options that tie a client-node request to an AbortSignal (shutdown, reconcile timeout). client-node's
 * object-parameter API takes observable middleware; 'append' keeps the configured authentication middleware.
 */
export function withSignal(signal: AbortSignal): ConfigurationOptions {
  const abortable: ObservableMiddleware = {
    pre: (context: RequestContext) => {
      context.setSignal(signal);
      return new Observable(Promise.resolve(context));
    },
    post: (response: ResponseContext) => new Observable(Promise.resolve(response)),
  };
  return { middleware: [abortable], middlewareMergeStrategy: 'append' };
}

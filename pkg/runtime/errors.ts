// The few kinds of failure a reconciler acts on differently. Each carries a PascalCase `reason` (it goes into a
// condition) and a message that is safe to show: no secret material; the original error stays in `cause`.

export abstract class ControllerError extends Error {
  /** How the work queue should react: retry with backoff, or wait until the object changes. */
  abstract readonly retry: 'backoff' | 'never';
  readonly reason: string;
  constructor(reason: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** Worth retrying soon: timeouts, rate limits, 5xx, connection failures. */
export class TransientError extends ControllerError {
  override readonly name: string = 'TransientError';
  readonly retry = 'backoff';
}

/** Retrying the same request cannot succeed; someone must change the spec, a token, or the outside world. */
export class PermanentError extends ControllerError {
  override readonly name: string = 'PermanentError';
  readonly retry = 'never';
}

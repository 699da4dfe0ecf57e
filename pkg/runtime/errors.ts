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

/** The secret a write was meant for was deleted (or deleted and made again) since it was read or written. */
export class SecretGone extends TransientError {
  override readonly name = 'SecretGone';
}

/**
 * What is safe to log of a failure: our errors' messages are written to be (their causes are not logged); anything
 * else (unclassified, a bug) by class and where it was thrown, never by message, which for a client's error can hold
 * a response body.
 */
export function describeError(err: unknown): string {
  if (err instanceof ControllerError) return `${err.name}: ${err.message}`;
  if (!(err instanceof Error)) return 'a thrown non-Error value';
  const thrownAt = err.stack
    ?.split('\n')
    .find((line) => line.trim().startsWith('at '))
    ?.trim();
  return `${err.name} (unclassified)${thrownAt ? ` ${thrownAt}` : ''}`;
}

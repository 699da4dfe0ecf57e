// One place turns an Aiven HTTP response into an error class the controller can act on (house style: classify at
// the edge). Messages pass a credential filter first: Aiven echoes request fields in some errors.
import { PermanentError, TransientError } from '../runtime/errors.ts';

export interface AivenErrorDetails {
  /** Aiven's operationId, e.g. ServiceUserCreate. */
  readonly operation: string;
  /** The HTTP status, or 0 when no response arrived (network error, timeout). */
  readonly status: number;
}

export class AivenTransientError extends TransientError implements AivenErrorDetails {
  override readonly name = 'AivenTransientError';
  readonly operation: string;
  readonly status: number;
  constructor(operation: string, status: number, message: string, options?: { cause?: unknown }) {
    super('AivenUnavailable', message, options);
    this.operation = operation;
    this.status = status;
  }
}

export class AivenPermanentError extends PermanentError implements AivenErrorDetails {
  override readonly name: string = 'AivenPermanentError';
  readonly operation: string;
  readonly status: number;
  constructor(operation: string, status: number, message: string, reason = 'AivenRejected') {
    super(reason, message);
    this.operation = operation;
    this.status = status;
  }
}

/** 404: the project, service, user or ACL does not exist. Callers decide whether that is fine (delete) or not. */
export class AivenNotFoundError extends AivenPermanentError {
  override readonly name = 'AivenNotFoundError';
  constructor(operation: string, message: string) {
    super(operation, 404, message, 'AivenNotFound');
  }
}

/** 409 "already exists". */
export class AivenConflictError extends AivenPermanentError {
  override readonly name = 'AivenConflictError';
  constructor(operation: string, message: string) {
    super(operation, 409, message, 'AivenConflict');
  }
}

export type AivenError = AivenTransientError | AivenPermanentError;

export const isAivenError = (err: unknown): err is AivenError =>
  err instanceof AivenTransientError || err instanceof AivenPermanentError;

/** Words that mark a message that may echo a credential; such a message is withheld (aivenator's trigger list). */
const credentialWords = ['password', 'token', 'secret', 'private key', 'certificate', 'avns_', 'aivenv1'];

export function redactAivenMessage(message: string): string {
  const lower = message.toLowerCase();
  return credentialWords.some((word) => lower.includes(word))
    ? 'message withheld: it may contain a credential'
    : message;
}

/** 408, 429 and 5xx are worth retrying; every other status is the request's own fault. */
export const isRetryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;

/** The message of Aiven's error body `{message, errors[]}`, or a description when the body is not that shape. */
export function aivenErrorMessage(body: unknown, status: number): string {
  if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string') {
    return body.message;
  }
  return `HTTP ${String(status)} without an Aiven error body`;
}

export function classifyAivenResponse(operation: string, status: number, body: unknown): AivenError {
  const message = `Aiven ${operation} failed (HTTP ${String(status)}): ${redactAivenMessage(aivenErrorMessage(body, status))}`;
  if (isRetryableStatus(status)) return new AivenTransientError(operation, status, message);
  if (status === 404) return new AivenNotFoundError(operation, message);
  if (status === 409) return new AivenConflictError(operation, message);
  // The token is unknown, revoked, or may not use this project: the one thing a new token can fix.
  if (status === 401 || status === 403)
    return new AivenPermanentError(operation, status, message, 'AivenTokenRejected');
  return new AivenPermanentError(operation, status, message);
}

/** A request that got no response: connection refused or reset, or the per-request timeout. */
export function classifyAivenFailure(operation: string, err: unknown): AivenTransientError {
  const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.cause instanceof DOMException);
  const what = timedOut ? 'timed out' : `got no response (${err instanceof Error ? err.message : String(err)})`;
  return new AivenTransientError(operation, 0, `Aiven ${operation} ${what}`, { cause: err });
}

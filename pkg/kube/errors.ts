import { ApiException } from '@kubernetes/client-node';

/** What the API server said about a failed call: its HTTP code and, when the body is a Status, reason and message. */
export interface KubeStatus {
  readonly code: number;
  readonly reason?: string;
  readonly message?: string;
}

/** The Status of a failed client-node call, or undefined when the error did not come from the API server. */
export function kubeStatusOf(err: unknown): KubeStatus | undefined {
  if (!(err instanceof ApiException)) return undefined;
  const body: unknown = typeof err.body === 'string' ? safeJson(err.body) : err.body;
  const field = (name: string): string | undefined =>
    typeof body === 'object' && body !== null && name in body
      ? String((body as Record<string, unknown>)[name])
      : undefined;
  const reason = field('reason');
  const message = field('message');
  return { code: err.code, ...(reason === undefined ? {} : { reason }), ...(message === undefined ? {} : { message }) };
}

/**
 * A one-line, secret-free description of a failed Kubernetes call. ApiException.message and a Status message can
 * echo the request or the object (for a Secret, its data), so only the status code and the Status reason are used.
 */
export function describeKubeError(err: unknown): string {
  const status = kubeStatusOf(err);
  if (status) return `HTTP ${String(status.code)}${status.reason ? ` ${status.reason}` : ''}`;
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
    return `${err.name}: ${err.message}${cause}`;
  }
  return String(err);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

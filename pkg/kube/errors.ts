import { ApiException } from '@kubernetes/client-node';

/**
 * A one-line, secret-free description of a failed Kubernetes call. ApiException.message embeds the whole response
 * body (which for a Secret can hold its data), so only the status code and the Status reason are used.
 */
export function describeKubeError(err: unknown): string {
  if (err instanceof ApiException) {
    const body: unknown = typeof err.body === 'string' ? safeJson(err.body) : err.body;
    const reason = typeof body === 'object' && body !== null && 'reason' in body ? String(body.reason) : undefined;
    return `HTTP ${String(err.code)}${reason ? ` ${reason}` : ''}`;
  }
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

import { ApiException } from '@kubernetes/client-node';
import { z } from 'zod';
import { ControllerError, describeError, PermanentError, TransientError } from '../runtime/errors.ts';

/** What the API server said about a failed call: its HTTP code and, when the body is a Status, reason and message. */
export interface KubeStatus {
  readonly code: number;
  readonly reason?: string;
  readonly message?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** A failed call's response body: client-node gives it parsed or as text, depending on the call. */
const bodyOf = (err: ApiException<unknown>): unknown => (typeof err.body === 'string' ? safeJson(err.body) : err.body);

/** The Status of a failed client-node call, or undefined when the error did not come from the API server. */
export function kubeStatusOf(err: unknown): KubeStatus | undefined {
  if (!(err instanceof ApiException)) return undefined;
  const body = bodyOf(err);
  const fields = isRecord(body) ? body : {};
  const field = (name: string): string | undefined => (name in fields ? String(fields[name]) : undefined);
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
  if (err instanceof ControllerError) return describeError(err); // its cause may be an ApiException
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

/** The fields a 422's Status names (details.causes[].field), for a message that says what was refused. */
function invalidFields(err: unknown): string[] {
  if (!(err instanceof ApiException)) return [];
  const parsed = invalidStatusSchema.safeParse(bodyOf(err));
  return parsed.success
    ? [...new Set((parsed.data.details?.causes ?? []).flatMap((c) => (c.field ? [c.field] : [])))]
    : [];
}

const invalidStatusSchema = z.object({
  details: z.object({ causes: z.array(z.object({ field: z.string().optional() })).optional() }).optional(),
});

/**
 * A failed Kubernetes call as one of the project's errors, classified once, here: 409 (someone wrote first) and
 * 429/5xx/network failures are transient; 403 and 422, and other 4xx, are permanent. The message names the action
 * and the object (and, for 422, the fields refused), never the response body, which can echo a Secret's data.
 */
export function kubeFailure(err: unknown, action: string): ControllerError {
  const status = kubeStatusOf(err);
  const cause = { cause: err };
  if (status === undefined)
    return new TransientError('KubernetesUnavailable', `${action}: ${describeKubeError(err)}`, cause);
  const { code } = status;
  if (code === 409)
    return new TransientError('KubernetesConflict', `${action}: changed meanwhile; looking again`, cause);
  if (code === 429 || code >= 500)
    return new TransientError('KubernetesUnavailable', `${action}: HTTP ${String(code)}`, cause);
  return refusal(err, action, status);
}

/** A 4xx the same request would get again. */
function refusal(err: unknown, action: string, status: KubeStatus): PermanentError {
  const cause = { cause: err };
  if (status.code === 403)
    return new PermanentError(
      'KubernetesForbidden',
      `${action}: forbidden; the controller's RBAC does not allow it`,
      cause,
    );
  if (status.code === 422) {
    const fields = invalidFields(err);
    const which = fields.length > 0 ? ` (${fields.join(', ')})` : '';
    return new PermanentError('KubernetesInvalid', `${action}: refused as invalid${which}`, cause);
  }
  const reason = status.reason ? ` ${status.reason}` : '';
  return new PermanentError('KubernetesRefused', `${action}: HTTP ${String(status.code)}${reason}`, cause);
}

/** Runs one Kubernetes call; its failure leaves as a classified error (see kubeFailure). */
export async function kubeCall<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw kubeFailure(err, action);
  }
}

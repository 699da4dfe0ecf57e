/** What an operation handler answers; the server adds validation against the document and sends it. */
export interface SimResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Aiven's error shape: a top-level message, and the same in `errors[]` with the status. */
export function aivenError(status: number, message: string, headers?: Record<string, string>): SimResponse {
  return { status, body: { message, errors: [{ message, status }] }, ...(headers ? { headers } : {}) };
}

export const ok = (body: unknown): SimResponse => ({ status: 200, body });

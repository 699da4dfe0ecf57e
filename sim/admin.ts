// The simulator's own endpoints, outside the Aiven API: fault rules and the request log, for tests and people.
import { z } from 'zod';
import { faultRuleSchema, type FaultInjector } from './faults.ts';
import { aivenError, ok, type SimResponse } from './responses.ts';

export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  /** The operationId the request was routed to, or `unknown`. */
  readonly operation: string;
  /** The status sent; 0 when the connection was dropped instead (a reset, a hang, a lost response). */
  status: number;
  /** The token the request carried (the simulator's tokens are fakes; tests check which one a call used). */
  readonly token?: string;
  /** The service user the request is about: named in its path, or in the body of a create. */
  readonly user?: string;
  /** When the request arrived (ms since the epoch). */
  readonly at: number;
}

export interface AdminRequest {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
  readonly faults: FaultInjector;
  readonly records: RequestRecord[];
}

/**
 * GET/PUT /_sim/faults reads or replaces the fault rules; GET /_sim/requests lists requests (and counts per
 * operation), DELETE /_sim/requests clears them; GET /_sim/health answers ok.
 */
export function handleAdmin({ method, path, body, faults, records }: AdminRequest): SimResponse {
  const route = `${method} ${path}`;
  switch (route) {
    case 'GET /_sim/health':
      return ok({ status: 'ok' });
    case 'GET /_sim/faults':
      return ok({ rules: faults.list() });
    case 'PUT /_sim/faults': {
      const parsed = z.object({ rules: z.array(faultRuleSchema) }).safeParse(body);
      if (!parsed.success) return aivenError(400, `Invalid fault rules: ${parsed.error.message}`);
      faults.set(parsed.data.rules);
      return ok({ rules: faults.list() });
    }
    case 'GET /_sim/requests': {
      const counts: Record<string, number> = {};
      for (const r of records) counts[r.operation] = (counts[r.operation] ?? 0) + 1;
      return ok({ requests: records, counts });
    }
    case 'DELETE /_sim/requests':
      records.length = 0;
      return ok({ requests: [] });
    default:
      return aivenError(404, `No simulator endpoint ${route}`);
  }
}

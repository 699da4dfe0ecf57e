import type { Caller } from './caller.ts';
import { AivenConflictError, AivenNotFoundError } from './errors.ts';
import { serviceParams, type ServiceRef } from './refs.ts';
import type { DeleteOutcome } from './types.ts';

const path = '/v1/project/{project}/service/{service_name}/db' as const;
/** Aiven pages this list; a bound keeps a misbehaving cursor from looping forever. */
const maxPages = 100;

export async function listDatabases(caller: Caller, ref: ServiceRef, signal: AbortSignal): Promise<string[]> {
  const names: string[] = [];
  let after: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const query = { maxItems: 250, ...(after === undefined ? {} : { after }) };
    const body = await caller.call('ServiceDatabaseList', signal, () =>
      caller.http.GET(path, { params: { path: serviceParams(ref), query }, signal }),
    );
    names.push(...body.databases.map((d) => d.database_name));
    if (!body.next) return names;
    after = body.next;
  }
  throw new Error(`Aiven ServiceDatabaseList returned more than ${String(maxPages)} pages`);
}

/** Creates the database; one that already exists counts as done (a retried create is harmless). */
export async function ensureDatabase(
  caller: Caller,
  ref: ServiceRef,
  database: string,
  signal: AbortSignal,
): Promise<'created' | 'exists'> {
  try {
    await caller.call('ServiceDatabaseCreate', signal, () =>
      caller.http.POST(path, { params: { path: serviceParams(ref) }, body: { database }, signal }),
    );
    return 'created';
  } catch (err) {
    if (err instanceof AivenConflictError) return 'exists';
    throw err;
  }
}

export async function deleteDatabase(
  caller: Caller,
  ref: ServiceRef,
  database: string,
  signal: AbortSignal,
): Promise<DeleteOutcome> {
  try {
    const params = { path: { ...serviceParams(ref), dbname: database } };
    await caller.call('ServiceDatabaseDelete', signal, () =>
      caller.http.DELETE(`${path}/{dbname}`, { params, signal }),
    );
    return 'deleted';
  } catch (err) {
    if (err instanceof AivenNotFoundError) return 'absent';
    throw err;
  }
}

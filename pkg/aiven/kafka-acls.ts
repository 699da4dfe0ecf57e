import type { Caller } from './caller.ts';
import { AivenNotFoundError } from './errors.ts';
import { serviceParams, type ServiceRef } from './refs.ts';
import type { DeleteOutcome, KafkaAcl, KafkaAclIn } from './types.ts';

const aclPath = '/v1/project/{project}/service/{service_name}/acl' as const;

const sameEntry = (a: KafkaAclIn) => (b: KafkaAclIn) =>
  a.username === b.username && a.topic === b.topic && a.permission === b.permission;

export async function listKafkaAcls(caller: Caller, ref: ServiceRef, signal: AbortSignal): Promise<KafkaAcl[]> {
  const body = await caller.call('ServiceKafkaAclList', signal, () =>
    caller.http.GET(aclPath, { params: { path: serviceParams(ref) }, signal }),
  );
  return body.acl;
}

/**
 * Adds the entry unless an identical one exists. Aiven's add is not idempotent; a retry after a lost response can
 * still leave a duplicate, which grants nothing more and which removeKafkaAcl removes along with the original.
 */
export async function ensureKafkaAcl(
  caller: Caller,
  ref: ServiceRef,
  entry: KafkaAclIn,
  signal: AbortSignal,
): Promise<KafkaAcl> {
  const existing = (await listKafkaAcls(caller, ref, signal)).find(sameEntry(entry));
  if (existing) return existing;
  const body = await caller.call('ServiceKafkaAclAdd', signal, () =>
    caller.http.POST(aclPath, { params: { path: serviceParams(ref) }, body: entry, signal }),
  );
  const added = body.acl.find(sameEntry(entry));
  if (!added) throw new Error(`Aiven ServiceKafkaAclAdd returned a list without the entry for ${entry.username}`);
  return added;
}

/** Deletes every entry equal to `entry` (duplicates included). */
export async function removeKafkaAcl(
  caller: Caller,
  ref: ServiceRef,
  entry: KafkaAclIn,
  signal: AbortSignal,
): Promise<DeleteOutcome> {
  const matches = (await listKafkaAcls(caller, ref, signal)).filter(sameEntry(entry));
  let outcome: DeleteOutcome = 'absent';
  for (const { id } of matches) {
    if (id === undefined) continue;
    try {
      const params = { path: { ...serviceParams(ref), kafka_acl_id: id } };
      await caller.call('ServiceKafkaAclDelete', signal, () =>
        caller.http.DELETE(`${aclPath}/{kafka_acl_id}`, { params, signal }),
      );
      outcome = 'deleted';
    } catch (err) {
      if (!(err instanceof AivenNotFoundError)) throw err;
    }
  }
  return outcome;
}

import type { UserRef } from '../../pkg/aiven/refs.ts';
import type { CleanupContext, UserLookupContext } from '../../pkg/handler/types.ts';
import type { LedgerEntry } from '../../pkg/secret/ledger.ts';
import { recordedKafkaUser } from './ledger.ts';
import { resolveKafkaService } from './service.ts';

/** Deletes the Kafka user the entry names; a user already gone is done. */
export async function cleanupKafka(entry: LedgerEntry, ctx: CleanupContext): Promise<void> {
  const user = recordedKafkaUser(entry.annotations);
  if (!user) return;
  const { ref } = await resolveKafkaService(ctx.aiven, user.pool, ctx.signal);
  const outcome = await ctx.aiven.deleteServiceUser({ ...ref, username: user.username }, ctx.signal);
  ctx.log.info('kafka user cleaned up', { aivenProject: user.pool, aivenService: ref.service, outcome });
}

/** The Kafka user the entry names, in the pool's Kafka service (whose name the client keeps). */
export async function recordedKafkaUsers(entry: LedgerEntry, ctx: UserLookupContext): Promise<UserRef[]> {
  const user = recordedKafkaUser(entry.annotations);
  if (!user) return [];
  const { ref } = await resolveKafkaService(ctx.aiven, user.pool, ctx.signal);
  return [{ ...ref, username: user.username }];
}

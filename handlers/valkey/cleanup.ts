import type { CleanupContext } from '../../pkg/handler/types.ts';
import type { LedgerEntry } from '../../pkg/secret/ledger.ts';
import { valkeyUsersOf } from './ledger.ts';

/** Deletes the Valkey user the entry names; a user already gone counts as done. */
export async function cleanupValkey(entry: LedgerEntry, ctx: CleanupContext): Promise<void> {
  for (const user of valkeyUsersOf(entry)) {
    const outcome = await ctx.aiven.deleteServiceUser(user, ctx.signal);
    ctx.log.info('valkey user cleaned up', { aivenProject: user.project, aivenService: user.service, outcome });
  }
}

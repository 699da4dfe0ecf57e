import type { CleanupContext } from '../../pkg/handler/types.ts';
import type { LedgerEntry } from '../../pkg/secret/ledger.ts';
import { recordedPostgresUser } from './ledger.ts';

/** Deletes the user the entry names. Databases are left alone: they hold the team's data. */
export async function cleanupPostgres(entry: LedgerEntry, ctx: CleanupContext): Promise<void> {
  const user = recordedPostgresUser(entry.annotations);
  if (!user) return;
  const outcome = await ctx.aiven.deleteServiceUser(user, ctx.signal);
  ctx.log.info('postgres user cleaned up', { aivenProject: user.project, aivenService: user.service, outcome });
}

import { AivenNotFoundError } from '../../pkg/aiven/errors.ts';
import type { CleanupContext } from '../../pkg/handler/types.ts';
import type { KeyedLock } from '../../pkg/runtime/keyed-lock.ts';
import type { LedgerEntry } from '../../pkg/secret/ledger.ts';
import { withoutUser } from './acl.ts';
import { recordedOpenSearchUser } from './ledger.ts';

/**
 * Removes the user's ACL entry and the user. A service that is gone took both with it, which counts as done
 * (aivenator kept such secrets terminating forever).
 */
export async function cleanupOpenSearch(entry: LedgerEntry, ctx: CleanupContext, lock: KeyedLock): Promise<void> {
  const user = recordedOpenSearchUser(entry.annotations);
  if (!user) return;
  const { project, service, username } = user;
  const ref = { project, service };
  try {
    await lock.run(`${project}/${service}`, async () => {
      const updated = withoutUser(await ctx.aiven.getOpenSearchAcl(ref, ctx.signal), username);
      if (updated) await ctx.aiven.updateOpenSearchAcl(ref, updated, ctx.signal);
    });
    await ctx.aiven.deleteServiceUser(user, ctx.signal);
  } catch (err) {
    if (!(err instanceof AivenNotFoundError)) throw err;
  }
  ctx.log.info('opensearch user cleaned up', { aivenProject: project, aivenService: service });
}

import { AivenNotFoundError } from '../../pkg/aiven/errors.ts';
import type { HandlerContext, RecordedUser } from '../../pkg/handler/types.ts';
import { recordedUser, recordedUsersOf } from '../../pkg/handler/users.ts';
import type { KeyedLock } from '../../pkg/runtime/keyed-lock.ts';
import { withoutUser } from './acl.ts';
import { openSearchAnnotations } from './keys.ts';

const record = { reasonPrefix: 'OpenSearch', label: 'OpenSearch', service: 'opensearch' };

export const recordedOpenSearchUsers = (annotations: Readonly<Record<string, string>>): RecordedUser[] =>
  recordedUsersOf(annotations, openSearchAnnotations, record);

/**
 * Removes the user's ACL entry and the user. A service that is gone took both with it, which counts as done
 * (aivenator kept such secrets terminating forever).
 */
export async function cleanupOpenSearch(
  annotations: Readonly<Record<string, string>>,
  ctx: HandlerContext,
  lock: KeyedLock,
): Promise<void> {
  const user = recordedUser(annotations, openSearchAnnotations, record);
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

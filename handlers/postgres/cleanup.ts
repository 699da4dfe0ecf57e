import type { HandlerContext } from '../../pkg/handler/types.ts';
import { recordedUser } from '../../pkg/handler/users.ts';
import { postgresAnnotations } from './keys.ts';

/** Deletes the user the secret names. Databases are left alone: they hold the team's data. */
export async function cleanupPostgres(
  annotations: Readonly<Record<string, string>>,
  ctx: HandlerContext,
): Promise<void> {
  const user = recordedUser(annotations, postgresAnnotations, { reasonPrefix: 'Postgres', label: 'PostgreSQL' });
  if (!user) return;
  const outcome = await ctx.aiven.deleteServiceUser(user, ctx.signal);
  ctx.log.info('postgres user cleaned up', { aivenProject: user.project, aivenService: user.service, outcome });
}

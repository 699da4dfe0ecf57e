import type { HandlerContext, RecordedUser } from '../../pkg/handler/types.ts';
import { recordedUser, recordedUsersOf } from '../../pkg/handler/users.ts';
import { postgresAnnotations } from './keys.ts';

const record = { reasonPrefix: 'Postgres', label: 'PostgreSQL', service: 'postgres' };

export const recordedPostgresUsers = (annotations: Readonly<Record<string, string>>): RecordedUser[] =>
  recordedUsersOf(annotations, postgresAnnotations, record);

/** Deletes the user the secret names. Databases are left alone: they hold the team's data. */
export async function cleanupPostgres(
  annotations: Readonly<Record<string, string>>,
  ctx: HandlerContext,
): Promise<void> {
  const user = recordedUser(annotations, postgresAnnotations, record);
  if (!user) return;
  const outcome = await ctx.aiven.deleteServiceUser(user, ctx.signal);
  ctx.log.info('postgres user cleaned up', { aivenProject: user.project, aivenService: user.service, outcome });
}

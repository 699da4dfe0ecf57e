import type { HandlerContext } from '../../pkg/handler/types.ts';
import { PermanentError } from '../../pkg/runtime/errors.ts';
import { postgresAnnotations } from './keys.ts';

/** Deletes the user the secret names. Databases are left alone: they hold the team's data. */
export async function cleanupPostgres(
  annotations: Readonly<Record<string, string>>,
  ctx: HandlerContext,
): Promise<void> {
  const service = annotations[postgresAnnotations.serviceName];
  if (!service) return;
  const username = annotations[postgresAnnotations.serviceUser];
  const project = annotations[postgresAnnotations.project];
  if (!username || !project)
    throw new PermanentError(
      'PostgresRecordIncomplete',
      `the secret names PostgreSQL service ${service} without its user or project`,
    );
  const outcome = await ctx.aiven.deleteServiceUser({ project, service, username }, ctx.signal);
  ctx.log.info('postgres user cleaned up', { aivenProject: project, aivenService: service, outcome });
}

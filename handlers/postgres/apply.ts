// PostgreSQL apply (new in this project): a user per app generation on the namespace's own instance, the database
// created when asked for and missing, and libpq's variables plus a DATABASE_URL.
import type { AivenApplication } from '../../pkg/api/aiven-application.ts';
import type { ServiceConnection } from '../../pkg/aiven/types.ts';
import type { SecretDraft } from '../../pkg/handler/draft.ts';
import { resolveInstance } from '../../pkg/handler/instances.ts';
import { getOrCreateUser, recordOn } from '../../pkg/handler/users.ts';
import { usernameSuffix } from '../../pkg/handler/suffix.ts';
import type { HandlerContext } from '../../pkg/handler/types.ts';
import { PermanentError } from '../../pkg/runtime/errors.ts';
import { postgresAnnotations, postgresKeys } from './keys.ts';
import { postgresUserName } from './naming.ts';

const writer = 'postgres';

export const postgresSecretName = (app: AivenApplication): string | undefined =>
  app.spec.postgres ? (app.spec.postgres.secretName ?? app.spec.secretName) : undefined;

/** Aiven's API creates full users only; narrower rights would need SQL, which this controller does not run. */
function checkAccess(access: string | undefined): void {
  if (access === 'read' || access === 'write') {
    throw new PermanentError(
      'PostgresAccessUnsupported',
      `postgres access ${access} is not supported yet; use readwrite or leave it out`,
    );
  }
}

interface PostgresConnection {
  readonly username: string;
  readonly password: string;
  readonly database: string;
  readonly ca: string;
  readonly connection: ServiceConnection;
}

function writeKeys(draft: SecretDraft, c: PostgresConnection): void {
  const primary = c.connection.components.find((x) => x.component === 'pg' && x.usage === 'primary');
  if (!primary) throw new PermanentError('PostgresWithoutPrimary', 'the PostgreSQL service has no pg component');
  const port = String(primary.port);
  const url = `postgresql://${encodeURIComponent(c.username)}:${encodeURIComponent(c.password)}@${primary.host}:${port}/${encodeURIComponent(c.database)}?sslmode=require`;
  const entries: [string, string][] = [
    [postgresKeys.host, primary.host],
    [postgresKeys.port, port],
    [postgresKeys.database, c.database],
    [postgresKeys.user, c.username],
    [postgresKeys.password, c.password],
    [postgresKeys.sslMode, 'require'],
    [postgresKeys.ca, c.ca],
    [postgresKeys.url, url],
  ];
  for (const [key, value] of entries) draft.setString(writer, key, value);
}

function usernameFor(app: AivenApplication): string {
  const name = app.metadata.name ?? '';
  return postgresUserName(app.metadata.namespace ?? '', name, usernameSuffix(app.metadata.generation ?? 0, name));
}

export async function applyPostgres(
  app: AivenApplication,
  draftFor: (name: string) => SecretDraft,
  ctx: HandlerContext,
): Promise<void> {
  const postgres = app.spec.postgres;
  const secretName = postgresSecretName(app);
  if (!postgres || !secretName) return;
  checkAccess(postgres.access);
  const namespace = app.metadata.namespace ?? '';
  const ref = {
    project: ctx.config.mainProject,
    service: await resolveInstance(ctx, 'PostgreSQL', namespace, [postgres.instance]),
  };
  const connection = await ctx.aiven.getServiceConnection(ref, ctx.signal);
  const username = usernameFor(app);

  const draft = draftFor(secretName);
  await recordOn(ctx, draft, writer, {
    [postgresAnnotations.serviceUser]: username,
    [postgresAnnotations.serviceName]: ref.service,
    [postgresAnnotations.project]: ref.project,
  });
  const user = await getOrCreateUser(ctx, { ...ref, username });
  if (postgres.database) await ctx.aiven.ensureDatabase(ref, postgres.database, ctx.signal);
  const database = postgres.database ?? connection.uriParams.dbname ?? 'defaultdb';
  const ca = await ctx.aiven.getProjectCa(ref.project, ctx.signal);
  writeKeys(draft, { username, password: user.password ?? '', database, ca, connection });
}

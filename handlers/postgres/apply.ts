// PostgreSQL apply (new in this project): a user per app generation on the namespace's own instance, the database
// created when asked for and missing, and libpq's variables plus a DATABASE_URL.
import type { AivenApplication } from '../../pkg/api/aiven-application.ts';
import type { ServiceConnection } from '../../pkg/aiven/types.ts';
import type { UserRef } from '../../pkg/aiven/client.ts';
import { usernameSuffix } from '../../pkg/handler/suffix.ts';
import { getOrCreateUser, nothingToProvision } from '../../pkg/handler/users.ts';
import type {
  Facts,
  HandlerPlan,
  InstanceQuery,
  Provisioned,
  ProvisionContext,
  SecretKeys,
} from '../../pkg/handler/types.ts';
import { PermanentError } from '../../pkg/runtime/errors.ts';
import { postgresKeys } from './keys.ts';
import { postgresEntry } from './ledger.ts';
import { postgresUserName } from './naming.ts';

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

function keysOf(c: PostgresConnection): SecretKeys {
  const primary = c.connection.components.find((x) => x.component === 'pg' && x.usage === 'primary');
  if (!primary) throw new PermanentError('PostgresWithoutPrimary', 'the PostgreSQL service has no pg component');
  const port = String(primary.port);
  const url = `postgresql://${encodeURIComponent(c.username)}:${encodeURIComponent(c.password)}@${primary.host}:${port}/${encodeURIComponent(c.database)}?sslmode=require`;
  return {
    [postgresKeys.host]: primary.host,
    [postgresKeys.port]: port,
    [postgresKeys.database]: c.database,
    [postgresKeys.user]: c.username,
    [postgresKeys.password]: c.password,
    [postgresKeys.sslMode]: 'require',
    [postgresKeys.ca]: c.ca,
    [postgresKeys.url]: url,
  };
}

function usernameFor(app: AivenApplication): string {
  const name = app.metadata.name ?? '';
  return postgresUserName(app.metadata.namespace ?? '', name, usernameSuffix(app.metadata.generation ?? 0, name));
}

export const postgresInstances = (app: AivenApplication): InstanceQuery[] =>
  app.spec.postgres
    ? [{ kind: 'PostgreSQL', namespace: app.metadata.namespace ?? '', candidates: [app.spec.postgres.instance] }]
    : [];

interface PostgresRequest {
  readonly user: UserRef;
  readonly database: string | undefined;
  readonly secretName: string;
}

async function provisionPostgres(request: PostgresRequest, ctx: ProvisionContext): Promise<Provisioned> {
  const { user: ref, secretName } = request;
  const connection = await ctx.aiven.getServiceConnection(ref, ctx.signal);
  const { user, change } = await getOrCreateUser(ctx, ref);
  if (request.database) await ctx.aiven.ensureDatabase(ref, request.database, ctx.signal);
  const database = request.database ?? connection.uriParams.dbname ?? 'defaultdb';
  const ca = await ctx.aiven.getProjectCa(ref.project, ctx.signal);
  const keys = keysOf({ username: ref.username, password: user.password ?? '', database, ca, connection });
  return { keys: { [secretName]: keys }, users: [{ id: postgresEntry(ref).id, change }] };
}

export function declarePostgres(app: AivenApplication, facts: Facts): HandlerPlan {
  const postgres = app.spec.postgres;
  const secretName = postgresSecretName(app);
  const [query] = postgresInstances(app);
  if (!postgres || !secretName || !query) return nothingToProvision;
  checkAccess(postgres.access);
  const user = { project: facts.config.mainProject, service: facts.instance(query), username: usernameFor(app) };
  return {
    secrets: [{ secretName, entries: [postgresEntry(user)] }],
    provision: (ctx) => provisionPostgres({ user, database: postgres.database, secretName }, ctx),
  };
}

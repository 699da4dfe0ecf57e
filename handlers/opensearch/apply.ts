// OpenSearch (as nais/aivenator does): the instance must be the namespace's own; the user gets an ACL entry for its
// access level, written under a per-service lock because the configuration has no version check.
import type { AivenApplication } from '../../pkg/api/aiven-application.ts';
import type { UserRef } from '../../pkg/aiven/client.ts';
import type { AivenAccess, ServiceConnection } from '../../pkg/aiven/types.ts';
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
import type { KeyedLock } from '../../pkg/runtime/keyed-lock.ts';
import { withGrant } from './acl.ts';
import { openSearchKeys } from './keys.ts';
import { openSearchEntry } from './ledger.ts';
import { openSearchUserName } from './naming.ts';

export const openSearchSecretName = (app: AivenApplication): string | undefined =>
  app.spec.openSearch ? (app.spec.openSearch.secretName ?? app.spec.secretName) : undefined;

function component(connection: ServiceConnection, name: string): { host: string; port: number } | undefined {
  return connection.components.find((c) => c.component === name && c.usage === 'primary');
}

async function grant(ctx: ProvisionContext, lock: KeyedLock, user: UserRef, access: AivenAccess) {
  const ref = { project: user.project, service: user.service };
  await lock.run(`${ref.project}/${ref.service}`, async () => {
    const updated = withGrant(await ctx.aiven.getOpenSearchAcl(ref, ctx.signal), user.username, access);
    if (updated) await ctx.aiven.updateOpenSearchAcl(ref, updated, ctx.signal);
  });
}

function keysOf(connection: ServiceConnection, username: string, password: string): SecretKeys {
  const api = component(connection, 'opensearch');
  if (!api) throw new PermanentError('OpenSearchWithoutApi', 'the OpenSearch service has no opensearch component');
  const dashboard = component(connection, 'opensearch_dashboards');
  return {
    [openSearchKeys.username]: username,
    [openSearchKeys.password]: password,
    [openSearchKeys.uri]: `https://${api.host}:${String(api.port)}`,
    [openSearchKeys.host]: api.host,
    [openSearchKeys.port]: String(api.port),
    [openSearchKeys.dashboardUri]: dashboard ? `https://${dashboard.host}:${String(dashboard.port)}` : '',
    [openSearchKeys.dashboardHost]: dashboard?.host ?? '',
    [openSearchKeys.dashboardPort]: String(dashboard?.port ?? 0),
  };
}

/** The new-style service name first, then the legacy one (the instance itself). */
export const openSearchInstances = (app: AivenApplication): InstanceQuery[] => {
  const { openSearch } = app.spec;
  const namespace = app.metadata.namespace ?? '';
  return openSearch
    ? [
        {
          kind: 'OpenSearch',
          namespace,
          candidates: [`opensearch-${namespace}-${openSearch.instance}`, openSearch.instance],
        },
      ]
    : [];
};

interface Grant {
  readonly user: UserRef;
  readonly access: AivenAccess;
  readonly secretName: string;
}

async function provisionOpenSearch(grantOf: Grant, ctx: ProvisionContext, lock: KeyedLock): Promise<Provisioned> {
  const { user: userRef, access, secretName } = grantOf;
  const connection = await ctx.aiven.getServiceConnection(userRef, ctx.signal);
  const { user, change } = await getOrCreateUser(ctx, userRef);
  // Always: a user can exist without its entry after a half-finished earlier attempt (aivenator dd2475d).
  await grant(ctx, lock, userRef, access);
  return {
    keys: { [secretName]: keysOf(connection, userRef.username, user.password ?? '') },
    users: [{ id: openSearchEntry(userRef).id, change }],
  };
}

export function declareOpenSearch(app: AivenApplication, facts: Facts, lock: KeyedLock): HandlerPlan {
  const openSearch = app.spec.openSearch;
  const secretName = openSearchSecretName(app);
  const [query] = openSearchInstances(app);
  if (!openSearch || !secretName || !query) return nothingToProvision;
  const access = openSearch.access ?? 'read';
  const suffix = usernameSuffix(app.metadata.generation ?? 0, app.metadata.name ?? '');
  const user = {
    project: facts.config.mainProject,
    service: facts.instance(query),
    username: openSearchUserName(query.namespace, access, suffix),
  };
  return {
    secrets: [{ secretName, entries: [openSearchEntry(user)] }],
    provision: (ctx) => provisionOpenSearch({ user, access, secretName }, ctx, lock),
  };
}

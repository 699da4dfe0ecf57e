// OpenSearch apply (aivenator-spec.md §3.4, §4.4): the instance must be the namespace's own; the user gets an ACL
// entry for its access level, written under a per-service lock because the configuration has no version check.
import type { AivenApplication } from '../../pkg/api/aiven-application.ts';
import type { UserRef } from '../../pkg/aiven/client.ts';
import type { AivenAccess, ServiceConnection } from '../../pkg/aiven/types.ts';
import type { SecretDraft } from '../../pkg/handler/draft.ts';
import { resolveInstance } from '../../pkg/handler/instances.ts';
import { getOrCreateUser, recordOn } from '../../pkg/handler/users.ts';
import { usernameSuffix } from '../../pkg/handler/suffix.ts';
import type { HandlerContext } from '../../pkg/handler/types.ts';
import { PermanentError } from '../../pkg/runtime/errors.ts';
import type { KeyedLock } from '../../pkg/runtime/keyed-lock.ts';
import { withGrant } from './acl.ts';
import { openSearchAnnotations, openSearchKeys } from './keys.ts';
import { openSearchUserName } from './naming.ts';

const writer = 'opensearch';

export const openSearchSecretName = (app: AivenApplication): string | undefined =>
  app.spec.openSearch ? (app.spec.openSearch.secretName ?? app.spec.secretName) : undefined;

function component(connection: ServiceConnection, name: string): { host: string; port: number } | undefined {
  return connection.components.find((c) => c.component === name && c.usage === 'primary');
}

async function grant(ctx: HandlerContext, lock: KeyedLock, user: UserRef, access: AivenAccess) {
  const ref = { project: user.project, service: user.service };
  await lock.run(`${ref.project}/${ref.service}`, async () => {
    const updated = withGrant(await ctx.aiven.getOpenSearchAcl(ref, ctx.signal), user.username, access);
    if (updated) await ctx.aiven.updateOpenSearchAcl(ref, updated, ctx.signal);
  });
}

function writeKeys(draft: SecretDraft, connection: ServiceConnection, username: string, password: string): void {
  const api = component(connection, 'opensearch');
  if (!api) throw new PermanentError('OpenSearchWithoutApi', 'the OpenSearch service has no opensearch component');
  const dashboard = component(connection, 'opensearch_dashboards');
  const entries: [string, string][] = [
    [openSearchKeys.username, username],
    [openSearchKeys.password, password],
    [openSearchKeys.uri, `https://${api.host}:${String(api.port)}`],
    [openSearchKeys.host, api.host],
    [openSearchKeys.port, String(api.port)],
    [openSearchKeys.dashboardUri, dashboard ? `https://${dashboard.host}:${String(dashboard.port)}` : ''],
    [openSearchKeys.dashboardHost, dashboard?.host ?? ''],
    [openSearchKeys.dashboardPort, String(dashboard?.port ?? 0)],
  ];
  for (const [key, value] of entries) draft.setString(writer, key, value);
}

export async function applyOpenSearch(
  app: AivenApplication,
  draftFor: (name: string) => SecretDraft,
  ctx: HandlerContext,
  lock: KeyedLock,
): Promise<void> {
  const openSearch = app.spec.openSearch;
  const secretName = openSearchSecretName(app);
  if (!openSearch || !secretName) return;
  const namespace = app.metadata.namespace ?? '';
  const candidates = [`opensearch-${namespace}-${openSearch.instance}`, openSearch.instance];
  const ref = {
    project: ctx.config.mainProject,
    service: await resolveInstance(ctx, 'OpenSearch', namespace, candidates),
  };
  const connection = await ctx.aiven.getServiceConnection(ref, ctx.signal);
  const access = openSearch.access ?? 'read';
  const username = openSearchUserName(
    namespace,
    access,
    usernameSuffix(app.metadata.generation ?? 0, app.metadata.name ?? ''),
  );

  const draft = draftFor(secretName);
  await recordOn(ctx, draft, writer, {
    [openSearchAnnotations.serviceUser]: username,
    [openSearchAnnotations.serviceName]: ref.service,
    [openSearchAnnotations.project]: ref.project,
  });
  const userRef = { ...ref, username };
  const user = await getOrCreateUser(ctx, userRef);
  // Always: a user can exist without its entry after a half-finished earlier attempt (aivenator dd2475d).
  await grant(ctx, lock, userRef, access);
  writeKeys(draft, connection, username, user.password ?? '');
}

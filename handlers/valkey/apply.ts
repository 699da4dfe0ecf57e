// Valkey apply (aivenator-spec.md §3.5, §4.5): one user per entry, on the namespace's own instance, with the ACL of
// its access level; a user whose ACL differs is updated, and its password read again (writes return it redacted).
import type { AivenApplication, ValkeySpec } from '../../pkg/api/aiven-application.ts';
import type { UserRef } from '../../pkg/aiven/client.ts';
import type { ServiceConnection, ServiceUser } from '../../pkg/aiven/types.ts';
import type { SecretDraft } from '../../pkg/handler/draft.ts';
import { resolveInstance } from '../../pkg/handler/instances.ts';
import { usernameSuffix } from '../../pkg/handler/suffix.ts';
import { recordOn } from '../../pkg/handler/users.ts';
import type { HandlerContext } from '../../pkg/handler/types.ts';
import { PermanentError } from '../../pkg/runtime/errors.ts';
import { sameValkeyAccess, valkeyAccessControl } from './acl.ts';
import { valkeyAnnotations, valkeyKeys, valkeyProjectAnnotation } from './keys.ts';
import { valkeyUserName } from './naming.ts';

const writer = 'valkey';

export const valkeySecretNames = (app: AivenApplication): string[] =>
  (app.spec.valkey ?? []).flatMap((entry) => {
    const name = entry.secretName ?? app.spec.secretName;
    return name ? [name] : [];
  });

async function ensureUser(ctx: HandlerContext, ref: UserRef, access: string | undefined): Promise<ServiceUser> {
  const wanted = valkeyAccessControl(access);
  const existing = await ctx.aiven.getServiceUser(ref, ctx.signal);
  if (!existing) return ctx.aiven.createServiceUser(ref, wanted, ctx.signal);
  if (sameValkeyAccess(existing.access_control, wanted)) return existing;
  await ctx.aiven.setServiceUserAccessControl(ref, wanted, ctx.signal);
  return (await ctx.aiven.getServiceUser(ref, ctx.signal)) ?? existing;
}

function writeKeys(draft: SecretDraft, instance: string, connection: ServiceConnection, user: ServiceUser): void {
  const at = (usage: string) => connection.components.find((c) => c.component === 'valkey' && c.usage === usage);
  const primary = at('primary');
  if (!primary)
    throw new PermanentError('ValkeyWithoutPrimary', `the Valkey service for ${instance} has no primary component`);
  const keys = valkeyKeys(instance);
  const address = `${primary.host}:${String(primary.port)}`;
  const replica = at('replica');
  const entries: [string, string][] = [
    ...([keys.valkey, keys.redis] as const).flatMap(
      (k, i) =>
        [
          [k.username, user.username],
          [k.password, user.password ?? ''],
          [k.uri, `${i === 0 ? 'valkeys' : 'rediss'}://${address}`],
          [k.host, primary.host],
          [k.port, String(primary.port)],
        ] as [string, string][],
    ),
    ...(replica && replica.port !== 0
      ? ([
          [keys.replica.uri, `valkeys://${replica.host}:${String(replica.port)}`],
          [keys.replica.host, replica.host],
          [keys.replica.port, String(replica.port)],
        ] as [string, string][])
      : []),
  ];
  for (const [key, value] of entries) draft.setString(writer, key, value);
}

async function applyEntry(
  app: AivenApplication,
  entry: ValkeySpec,
  draft: SecretDraft,
  ctx: HandlerContext,
): Promise<void> {
  const namespace = app.metadata.namespace ?? '';
  const service = await resolveInstance(ctx, 'Valkey', namespace, [`valkey-${namespace}-${entry.instance}`]);
  const ref = { project: ctx.config.mainProject, service };
  const connection = await ctx.aiven.getServiceConnection(ref, ctx.signal);
  const name = app.metadata.name ?? '';
  const username = valkeyUserName(name, entry.access, usernameSuffix(app.metadata.generation ?? 0, name));
  const annotations = valkeyAnnotations(entry.instance);
  await recordOn(ctx, draft, writer, {
    [annotations.serviceUser]: username,
    [annotations.serviceName]: service,
    [valkeyProjectAnnotation]: ref.project,
  });
  writeKeys(draft, entry.instance, connection, await ensureUser(ctx, { ...ref, username }, entry.access));
}

export async function applyValkey(
  app: AivenApplication,
  draftFor: (name: string) => SecretDraft,
  ctx: HandlerContext,
): Promise<void> {
  for (const entry of app.spec.valkey ?? []) {
    const secretName = entry.secretName ?? app.spec.secretName;
    if (secretName) await applyEntry(app, entry, draftFor(secretName), ctx);
  }
}

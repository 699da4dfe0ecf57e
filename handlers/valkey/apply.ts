// Valkey (as nais/aivenator does): one user per entry, on the namespace's own instance, with the ACL of its access
// level; a user whose ACL differs is updated, and its password read again (writes return it redacted).
import type { AivenApplication, ValkeySpec } from '../../pkg/api/aiven-application.ts';
import type { UserRef } from '../../pkg/aiven/client.ts';
import type { ServiceConnection, ServiceUser } from '../../pkg/aiven/types.ts';
import { usernameSuffix } from '../../pkg/handler/suffix.ts';
import type {
  Facts,
  HandlerPlan,
  InstanceQuery,
  Provisioned,
  ProvisionContext,
  SecretKeys,
  UserChange,
} from '../../pkg/handler/types.ts';
import { PermanentError } from '../../pkg/runtime/errors.ts';
import { sameValkeyAccess, valkeyAccessControl } from './acl.ts';
import { valkeyKeys } from './keys.ts';
import { valkeyEntry } from './ledger.ts';
import { valkeyUserName } from './naming.ts';

/** The entries that name a secret, each with it. */
const requests = (app: AivenApplication): { entry: ValkeySpec; secretName: string }[] =>
  (app.spec.valkey ?? []).flatMap((entry) => {
    const secretName = entry.secretName ?? app.spec.secretName;
    return secretName ? [{ entry, secretName }] : [];
  });

export const valkeySecretNames = (app: AivenApplication): string[] => requests(app).map((r) => r.secretName);

const instanceQuery = (app: AivenApplication, entry: ValkeySpec): InstanceQuery => {
  const namespace = app.metadata.namespace ?? '';
  return { kind: 'Valkey', namespace, candidates: [`valkey-${namespace}-${entry.instance}`] };
};

export const valkeyInstances = (app: AivenApplication): InstanceQuery[] =>
  requests(app).map(({ entry }) => instanceQuery(app, entry));

async function ensureUser(
  ctx: ProvisionContext,
  ref: UserRef,
  access: string | undefined,
): Promise<{ user: ServiceUser; change: UserChange }> {
  const wanted = valkeyAccessControl(access);
  const { user, existed } = await ctx.aiven.createServiceUser(ref, wanted, ctx.signal);
  if (!existed) return { user, change: 'created' };
  if (sameValkeyAccess(user.access_control, wanted)) return { user, change: 'reused' };
  await ctx.aiven.setServiceUserAccessControl(ref, wanted, ctx.signal);
  return { user: (await ctx.aiven.getServiceUser(ref, ctx.signal)) ?? user, change: 'updated' };
}

function keysOf(instance: string, connection: ServiceConnection, user: ServiceUser): SecretKeys {
  const at = (usage: string) => connection.components.find((c) => c.component === 'valkey' && c.usage === usage);
  const primary = at('primary');
  if (!primary)
    throw new PermanentError('ValkeyWithoutPrimary', `the Valkey service for ${instance} has no primary component`);
  const keys = valkeyKeys(instance);
  const address = `${primary.host}:${String(primary.port)}`;
  const replica = at('replica');
  const forClient = (k: typeof keys.valkey, scheme: string) => ({
    [k.username]: user.username,
    [k.password]: user.password ?? '',
    [k.uri]: `${scheme}://${address}`,
    [k.host]: primary.host,
    [k.port]: String(primary.port),
  });
  return {
    ...forClient(keys.valkey, 'valkeys'),
    ...forClient(keys.redis, 'rediss'),
    ...(replica && replica.port !== 0
      ? {
          [keys.replica.uri]: `valkeys://${replica.host}:${String(replica.port)}`,
          [keys.replica.host]: replica.host,
          [keys.replica.port]: String(replica.port),
        }
      : {}),
  };
}

interface ValkeyUser {
  readonly entry: ValkeySpec;
  readonly secretName: string;
  readonly user: UserRef;
}

async function provisionValkey(users: readonly ValkeyUser[], ctx: ProvisionContext): Promise<Provisioned> {
  const keys: Record<string, SecretKeys> = {};
  const changes: Provisioned['users'][number][] = [];
  for (const { entry, secretName, user: ref } of users) {
    const connection = await ctx.aiven.getServiceConnection(ref, ctx.signal);
    const { user, change } = await ensureUser(ctx, ref, entry.access);
    keys[secretName] = { ...keys[secretName], ...keysOf(entry.instance, connection, user) };
    changes.push({ id: valkeyEntry(entry.instance, ref).id, change });
  }
  return { keys, users: changes };
}

export function declareValkey(app: AivenApplication, facts: Facts): HandlerPlan {
  const name = app.metadata.name ?? '';
  const suffix = usernameSuffix(app.metadata.generation ?? 0, name);
  const users = requests(app).map(({ entry, secretName }) => ({
    entry,
    secretName,
    user: {
      project: facts.config.mainProject,
      service: facts.instance(instanceQuery(app, entry)),
      username: valkeyUserName(name, entry.access, suffix),
    },
  }));
  const secretNames = [...new Set(users.map((u) => u.secretName))];
  return {
    secrets: secretNames.map((secretName) => ({
      secretName,
      entries: users.filter((u) => u.secretName === secretName).map((u) => valkeyEntry(u.entry.instance, u.user)),
    })),
    provision: (ctx) => provisionValkey(users, ctx),
  };
}

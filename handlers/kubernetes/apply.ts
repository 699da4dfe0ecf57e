// Kubernetes access: declare checks the policy and names the ServiceAccount and Role; provision writes them (the
// Role's rules replaced by the app's) and issues a token that expires after tokenTTL and dies with the app's secret
// (bound to it), then builds the kubeconfig. Each synchronization issues a new token; the app is looked at again when
// two thirds of its life have passed (renewAt).
import type { AivenApplication } from '../../pkg/api/aiven-application.ts';
import type { Facts, HandlerPlan, Provisioned, ProvisionContext } from '../../pkg/handler/types.ts';
import { nothingToProvision } from '../../pkg/handler/users.ts';
import { TransientError } from '../../pkg/runtime/errors.ts';
import { secretAnnotations } from '../../pkg/secret/labels.ts';
import { appLabelOf } from '../../pkg/secret/metadata.ts';
import { kubeconfigOf, kubernetesKeys } from './keys.ts';
import { kubernetesEntry, type AccessRecord } from './ledger.ts';
import { accessNames } from './naming.ts';
import { checkPolicy, tokenTtlSeconds } from './policy.ts';

export const kubernetesSecretName = (app: AivenApplication): string | undefined =>
  app.spec.kubernetes ? (app.spec.kubernetes.secretName ?? app.spec.secretName) : undefined;

interface AccessRequest {
  readonly app: AivenApplication;
  readonly record: AccessRecord;
  readonly secretName: string;
  readonly ttlSeconds: number;
}

async function provisionAccess(request: AccessRequest, ctx: ProvisionContext): Promise<Provisioned> {
  const { app, record, secretName } = request;
  const namespace = app.metadata.namespace ?? '';
  const name = app.metadata.name ?? '';
  await ctx.kubernetes.grant(
    {
      ...record,
      rules: app.spec.kubernetes?.rules ?? [],
      labels: { app: appLabelOf(name), team: namespace, 'app.kubernetes.io/managed-by': 'aivenator' },
      annotations: { [secretAnnotations.owner]: `${namespace}/${name}` },
    },
    ctx.signal,
  );
  const uid = ctx.secretUid(secretName);
  if (!uid) throw new TransientError('SecretNotRecorded', `secret ${secretName} is not written yet`);
  const issued = await ctx.kubernetes.requestToken(
    record.serviceAccount,
    { ttlSeconds: request.ttlSeconds, boundTo: { name: secretName, uid } },
    ctx.signal,
  );
  const { server, ca } = ctx.kubernetes.cluster;
  const target = record.role.namespace;
  const keys = {
    [kubernetesKeys.kubeconfig]: kubeconfigOf({
      server,
      ca,
      token: issued.token,
      namespace: target,
      name: `${namespace}-${name}`,
    }),
    [kubernetesKeys.token]: issued.token,
    [kubernetesKeys.namespace]: target,
    [kubernetesKeys.server]: server,
    [kubernetesKeys.ca]: ca,
    [kubernetesKeys.expiresAt]: issued.expiresAt.toISOString(),
  };
  return { keys: { [secretName]: keys }, users: [{ id: kubernetesEntry(record).id, change: 'updated' }] };
}

export function declareKubernetes(app: AivenApplication, facts: Facts): HandlerPlan {
  const secretName = kubernetesSecretName(app);
  if (!app.spec.kubernetes || !secretName) return nothingToProvision;
  checkPolicy(app, facts.config.kubernetes);
  const ttlSeconds = tokenTtlSeconds(app);
  const record = accessNames(app);
  return {
    secrets: [{ secretName, entries: [kubernetesEntry(record)] }],
    provision: (ctx) => provisionAccess({ app, record, secretName, ttlSeconds }, ctx),
  };
}

/** Two thirds into the token's life, as the secret says it; undefined when it says nothing usable. */
export function kubernetesRenewAt(app: AivenApplication, data: Readonly<Record<string, string>>): number | undefined {
  const encoded = data[kubernetesKeys.expiresAt];
  if (!app.spec.kubernetes || encoded === undefined) return undefined;
  const expiresAt = Date.parse(Buffer.from(encoded, 'base64').toString('utf8'));
  if (Number.isNaN(expiresAt)) return undefined;
  try {
    return expiresAt - (tokenTtlSeconds(app) * 1000) / 3;
  } catch {
    return undefined; // an invalid TTL is the synchronization's permanent error, not a reason to look again
  }
}

// The caches of secrets that hold Aiven tokens: the controller's default token secret (one secret, watched by name,
// so the centralized mode needs no wider read than that; the record key ring is watched the same way), and, when apps may name their own (`authSecretRef`), the
// secrets of the watched namespaces. Watched, so a rotated token is used without a restart.
import { CoreV1Api, type KubeConfig, type V1Secret } from '@kubernetes/client-node';
import type { SecretKeyRef, SecretView } from '../aiven/token.ts';
import type { Logger } from '../runtime/log.ts';
import { Informer } from './informer.ts';
import { isManagedSecret } from './secrets.ts';
import { secretMetadataOnly, withoutBookkeeping } from './slim.ts';

/** One secret, watched by name (`name` names the cache): RBAC can then grant that one secret and no other. */
export function createNamedSecretInformer(
  kc: KubeConfig,
  log: Logger,
  name: string,
  ref: Pick<SecretKeyRef, 'namespace' | 'name'>,
): Informer<V1Secret> {
  const core = kc.makeApiClient(CoreV1Api);
  const fieldSelector = `metadata.name=${ref.name}`;
  return new Informer<V1Secret>({
    kc,
    name,
    path: `/api/v1/namespaces/${ref.namespace}/secrets`,
    fieldSelector,
    list: () => core.listNamespacedSecret({ namespace: ref.namespace, fieldSelector }),
    log,
  });
}

/** Every secret of the watched namespaces (or the cluster): each may be an app's `authSecretRef`. */
export function createAppTokenSecretInformer(kc: KubeConfig, log: Logger, namespace?: string): Informer<V1Secret> {
  const core = kc.makeApiClient(CoreV1Api);
  return new Informer<V1Secret>({
    kc,
    name: 'app-token-secrets',
    path: namespace ? `/api/v1/namespaces/${namespace}/secrets` : '/api/v1/secrets',
    list: () => (namespace ? core.listNamespacedSecret({ namespace }) : core.listSecretForAllNamespaces({})),
    // A secret aivenator manages is never a token: its data stays out of this cache too.
    slim: (secret) => (isManagedSecret(secret) ? secretMetadataOnly(secret) : withoutBookkeeping(secret)),
    log,
  });
}

export const secretView = (secret: V1Secret | undefined): SecretView | undefined =>
  secret ? { resourceVersion: secret.metadata?.resourceVersion ?? '', data: secret.data ?? {} } : undefined;

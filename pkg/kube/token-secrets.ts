// The caches of secrets that hold Aiven tokens: the controller's default token secret (one secret, watched by name,
// so the centralized mode needs no wider read than that; the record key ring is watched the same way), and, when
// apps may name their own (`authSecretRef`), the secrets of the watched namespaces, by version only, with the data
// of those read as tokens. Watched, so a rotated token is used without a restart.
import { CoreV1Api, type KubeConfig, type V1Secret } from '@kubernetes/client-node';
import type { SecretKeyRef, SecretView } from '../aiven/token.ts';
import type { Logger } from '../runtime/log.ts';
import { Informer, metadataOnlyList } from './informer.ts';
import { kubeFailure, kubeStatusOf } from './errors.ts';
import { withSignal } from './request-options.ts';

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
    list: (page) => core.listNamespacedSecret({ namespace: ref.namespace, fieldSelector, ...page }),
    log,
  });
}

/** A secret as the app token cache keeps it: enough to know it exists, its version and when it changes. */
function versionOnly(secret: V1Secret): V1Secret {
  const { name = '', namespace = '', uid = '', resourceVersion = '' } = secret.metadata ?? {};
  return { metadata: { name, namespace, uid, resourceVersion } };
}

/**
 * The secrets apps may name as their token (`authSecretRef`): every secret of the watched namespaces (or the
 * cluster), of which the cache keeps only name and version, so memory does not grow with secrets that are nobody's
 * token. A token secret's data is read from the API server when first needed, and again once its version changes.
 */
export class AppTokenSecrets {
  readonly informer: Informer<V1Secret>;
  readonly #core: CoreV1Api;
  /** The data of the token secrets read so far, by namespace/name, with the version read. */
  readonly #data = new Map<string, SecretView>();

  constructor(kc: KubeConfig, log: Logger, namespace?: string, pageSize?: number) {
    this.#core = kc.makeApiClient(CoreV1Api);
    const core = this.#core;
    this.informer = new Informer<V1Secret>({
      kc,
      name: 'app-token-secrets',
      path: namespace ? `/api/v1/namespaces/${namespace}/secrets` : '/api/v1/secrets',
      list: (page) =>
        namespace
          ? core.listNamespacedSecret({ namespace, ...page }, metadataOnlyList())
          : core.listSecretForAllNamespaces({ ...page }, metadataOnlyList()),
      metadataOnly: true,
      slim: versionOnly,
      log,
      ...(pageSize === undefined ? {} : { pageSize }),
    });
    this.informer.onChange((secret, kind) => {
      if (kind === 'delete') this.#data.delete(keyOf(secret.metadata?.namespace ?? '', secret.metadata?.name ?? ''));
    });
  }

  /** Reads the secret's data unless what was read is of its current version (as the cache knows it). */
  async load(namespace: string, name: string, signal: AbortSignal): Promise<void> {
    const key = keyOf(namespace, name);
    const version = this.informer.get(name, namespace)?.metadata?.resourceVersion;
    if (version === undefined) {
      this.#data.delete(key);
      return;
    }
    if (this.#data.get(key)?.resourceVersion === version) return;
    try {
      const secret = await this.#core.readNamespacedSecret({ name, namespace }, withSignal(signal));
      const view = secretView(secret);
      if (view) this.#data.set(key, view);
    } catch (err) {
      if (kubeStatusOf(err)?.code === 404) this.#data.delete(key);
      else throw kubeFailure(err, `reading token secret ${namespace}/${name}`);
    }
  }

  /** What was last read of an existing secret; undefined when it does not exist (or was never loaded). */
  view(namespace: string, name: string): SecretView | undefined {
    return this.informer.get(name, namespace) ? this.#data.get(keyOf(namespace, name)) : undefined;
  }
}

const keyOf = (namespace: string, name: string) => `${namespace}/${name}`;

export const secretView = (secret: V1Secret | undefined): SecretView | undefined =>
  secret ? { resourceVersion: secret.metadata?.resourceVersion ?? '', data: secret.data ?? {} } : undefined;

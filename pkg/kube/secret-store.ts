// Reads and server-side-applies managed secrets (field manager `aivenator`): labels, annotations, data and
// finalizers others add to a secret are theirs and survive our writes.
import { CoreV1Api, setHeaderOptions, type KubeConfig, type V1Secret } from '@kubernetes/client-node';
import { kubeCall, kubeFailure, kubeStatusOf } from './errors.ts';
import { withSignal } from './request-options.ts';

export const fieldManager = 'aivenator';

export interface DesiredSecret {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly finalizers: readonly string[];
  /** base64 values; the whole set this manager owns (keys left out are removed). */
  readonly data: Readonly<Record<string, string>>;
  /** Apply only to this version (a write decided on a cached view): otherwise a 409, retried from a fresh view. */
  readonly resourceVersion?: string;
}

/** A secret the controller creates once and never writes again (its key ring). */
export type NewSecret = Pick<DesiredSecret, 'namespace' | 'name' | 'labels' | 'data'>;

export class SecretStore {
  readonly #core: CoreV1Api;

  constructor(kc: KubeConfig) {
    this.#core = kc.makeApiClient(CoreV1Api);
  }

  /** Read from the API server, not the cache: an unmanaged secret of the same name is not in the cache. */
  async get(namespace: string, name: string, signal: AbortSignal): Promise<V1Secret | undefined> {
    try {
      return await this.#core.readNamespacedSecret({ name, namespace }, withSignal(signal));
    } catch (err) {
      if (kubeStatusOf(err)?.code === 404) return undefined;
      throw kubeFailure(err, `reading secret ${namespace}/${name}`);
    }
  }

  /** Applies the secret; returns it as written (its uid, for tokens bound to it). */
  async apply(secret: DesiredSecret, signal: AbortSignal): Promise<V1Secret> {
    const body: V1Secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: secret.name,
        namespace: secret.namespace,
        ...(secret.resourceVersion === undefined ? {} : { resourceVersion: secret.resourceVersion }),
        labels: { ...secret.labels },
        annotations: { ...secret.annotations },
        finalizers: [...secret.finalizers],
      },
      type: 'Opaque',
      data: { ...secret.data },
    };
    // Server-side apply; the endpoint reads the JSON body as YAML, of which JSON is a subset.
    const options = setHeaderOptions('Content-Type', 'application/apply-patch+yaml', withSignal(signal));
    return kubeCall(`writing secret ${secret.namespace}/${secret.name}`, () =>
      this.#core.patchNamespacedSecret(
        { name: secret.name, namespace: secret.namespace, body, fieldManager, force: true },
        options,
      ),
    );
  }

  /** Creates the secret unless one of that name exists (a concurrent creator's counts): whether this call made it. */
  async createIfAbsent(secret: NewSecret, signal: AbortSignal): Promise<'created' | 'exists'> {
    try {
      await this.#core.createNamespacedSecret(
        {
          namespace: secret.namespace,
          body: {
            metadata: { name: secret.name, namespace: secret.namespace, labels: { ...secret.labels } },
            type: 'Opaque',
            data: { ...secret.data },
          },
          fieldManager,
        },
        withSignal(signal),
      );
      return 'created';
    } catch (err) {
      if (kubeStatusOf(err)?.code === 409) return 'exists';
      throw kubeFailure(err, `creating secret ${secret.namespace}/${secret.name}`);
    }
  }
}

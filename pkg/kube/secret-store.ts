// Reads and server-side-applies managed secrets (field manager `aivenator`): labels, annotations, data and
// finalizers others add to a secret are theirs and survive our writes.
import { CoreV1Api, setHeaderOptions, type KubeConfig, type V1Secret } from '@kubernetes/client-node';
import { SecretGone } from '../runtime/errors.ts';
import { kubeFailure, kubeStatusOf } from './errors.ts';
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
  /**
   * Apply only to the secret with this uid (the one read or written earlier in the same synchronization): a secret
   * deleted meanwhile is not created again by an apply, which would bring it back with a record its finalizer has
   * already cleaned up. Its absence is a SecretGone.
   */
  readonly uid?: string;
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
        ...(secret.uid === undefined ? {} : { uid: secret.uid }),
        labels: { ...secret.labels },
        annotations: { ...secret.annotations },
        finalizers: [...secret.finalizers],
      },
      type: 'Opaque',
      data: { ...secret.data },
    };
    // Server-side apply; the endpoint reads the JSON body as YAML, of which JSON is a subset.
    const options = setHeaderOptions('Content-Type', 'application/apply-patch+yaml', withSignal(signal));
    const action = `writing secret ${secret.namespace}/${secret.name}`;
    try {
      return await this.#core.patchNamespacedSecret(
        { name: secret.name, namespace: secret.namespace, body, fieldManager, force: true },
        options,
      );
    } catch (err) {
      if (secret.uid !== undefined && kubeStatusOf(err)?.code === 409)
        await this.#throwIfGone(secret, secret.uid, signal);
      throw kubeFailure(err, action);
    }
  }

  /** After a uid precondition failed: a SecretGone when the secret is no longer the one with that uid. */
  async #throwIfGone(secret: DesiredSecret, uid: string, signal: AbortSignal): Promise<void> {
    const now = await this.get(secret.namespace, secret.name, signal);
    if (now?.metadata?.uid !== uid)
      throw new SecretGone('SecretGone', `secret ${secret.namespace}/${secret.name} was deleted meanwhile`);
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

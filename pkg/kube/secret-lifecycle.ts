// The two writes that end a managed secret, both guarded so that a decision made on a cached (possibly stale) view
// never acts on a secret that changed since: the finalizer's removal and the janitor's deletion.
import { CoreV1Api, setHeaderOptions, type KubeConfig, type V1Secret } from '@kubernetes/client-node';
import { kubeFailure, kubeStatusOf } from './errors.ts';
import { withSignal } from './request-options.ts';

/** `changed`: the secret is not the version the decision was made on (or the finalizer moved); decide again. */
export type GuardedWriteOutcome = 'done' | 'gone' | 'changed';

/** 404: gone already; the given codes: the guard failed; anything else is thrown. */
function outcomeOf(err: unknown, guardFailed: readonly number[], action: string): GuardedWriteOutcome {
  const code = kubeStatusOf(err)?.code;
  if (code === 404) return 'gone';
  if (code !== undefined && guardFailed.includes(code)) return 'changed';
  throw kubeFailure(err, action);
}

export class SecretLifecycle {
  readonly #core: CoreV1Api;

  constructor(kc: KubeConfig) {
    this.#core = kc.makeApiClient(CoreV1Api);
  }

  /**
   * Removes `finalizer` from the secret as it was seen: a JSON patch that tests the resourceVersion and the entry at
   * its index before removing that entry, so no other finalizer can be dropped and annotations added since (a user
   * recorded meanwhile) are never skipped.
   */
  async removeFinalizer(secret: V1Secret, finalizer: string, signal: AbortSignal): Promise<GuardedWriteOutcome> {
    const { name = '', namespace = '', resourceVersion = '', finalizers = [] } = secret.metadata ?? {};
    const index = finalizers.indexOf(finalizer);
    if (index < 0) return 'done';
    const path = `/metadata/finalizers/${String(index)}`;
    const body = [
      { op: 'test', path: '/metadata/resourceVersion', value: resourceVersion },
      { op: 'test', path, value: finalizer },
      { op: 'remove', path },
    ];
    const options = setHeaderOptions('Content-Type', 'application/json-patch+json', withSignal(signal));
    try {
      await this.#core.patchNamespacedSecret({ name, namespace, body }, options);
      return 'done';
    } catch (err) {
      // A failed `test` is 422, as is a patch an admission policy refuses; either way, look again.
      return outcomeOf(err, [409, 422], `removing the finalizer of secret ${namespace}/${name}`);
    }
  }

  /** Deletes the secret only if it is still the object (uid) and version (resourceVersion) the decision was made on. */
  async deleteUnchanged(secret: V1Secret, signal: AbortSignal): Promise<GuardedWriteOutcome> {
    const { name = '', namespace = '', uid, resourceVersion } = secret.metadata ?? {};
    const preconditions = { ...(uid ? { uid } : {}), ...(resourceVersion ? { resourceVersion } : {}) };
    try {
      await this.#core.deleteNamespacedSecret({ name, namespace, body: { preconditions } }, withSignal(signal));
      return 'done';
    } catch (err) {
      return outcomeOf(err, [409], `deleting secret ${namespace}/${name}`); // 409: a failed precondition
    }
  }
}

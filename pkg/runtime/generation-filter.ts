// Which changes of an object are worth a reconcile. The controller's own status writes change the object but not
// its generation; reacting to them would retry a failed app at once, skipping the work queue's backoff, and loop
// forever on a failure that only a new spec can fix (controller-runtime's GenerationChangedPredicate, kept per uid
// because client-node's informer hands over only the new object).
import type { KubernetesObject } from '@kubernetes/client-node';

export type ChangeKind = 'add' | 'update' | 'delete';

export class GenerationFilter {
  readonly #seen = new Map<string, number | undefined>();

  /** True for a first sight, a deletion, a new generation or a deletion mark; false for status-only updates. */
  admit(object: KubernetesObject, kind: ChangeKind): boolean {
    const uid = object.metadata?.uid ?? '';
    if (kind === 'delete') {
      this.#seen.delete(uid);
      return true;
    }
    const generation = object.metadata?.generation;
    const known = this.#seen.has(uid);
    const previous = this.#seen.get(uid);
    this.#seen.set(uid, generation);
    return !known || previous !== generation || object.metadata?.deletionTimestamp !== undefined;
  }
}

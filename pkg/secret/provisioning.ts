// The secrets a synchronization in this process is provisioning users for: what it records on them may still be
// created in Aiven. The finalizer waits for such a secret, or it would delete what the record names before the
// creation lands, and the user would be left to no one (a lost answer hides from the synchronization that it made
// the user, so it cannot undo it; `make chaos` found one). In this process's memory, no I/O: only the leader
// provisions and finalizes, and a process that dies has nothing in flight.

const keyOf = (namespace: string, name: string): string => `${namespace}/${name}`;

export class ProvisioningSecrets {
  /** How many runs hold each secret (an app's runs are serialized, but two apps may name one secret). */
  readonly #holds = new Map<string, number>();

  /** Holds the secrets until the returned release is called (once; a second call does nothing). */
  hold(namespace: string, names: readonly string[]): () => void {
    const keys = [...new Set(names)].map((name) => keyOf(namespace, name));
    for (const key of keys) this.#holds.set(key, (this.#holds.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const key of keys) {
        const left = (this.#holds.get(key) ?? 1) - 1;
        if (left > 0) this.#holds.set(key, left);
        else this.#holds.delete(key);
      }
    };
  }

  isHeld(namespace: string, name: string): boolean {
    return this.#holds.has(keyOf(namespace, name));
  }
}

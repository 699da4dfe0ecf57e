// Which token secrets apps name (`spec.authSecretRef`), kept from the app cache's events, so a change to one of the
// many secrets of a namespace costs a map lookup, not a scan of the namespace's apps: every managed secret write
// is such a change, and the scan made a burst of N new apps cost N² steps.

export interface AppTokenRef {
  readonly metadata: { readonly namespace?: string; readonly name?: string };
  readonly spec: { readonly authSecretRef?: { readonly name: string } };
}

export class TokenReferences {
  /** The token secret each app names, by the app's namespace/name. */
  readonly #byApp = new Map<string, string>();
  /** How many apps name each token secret (namespace/name). */
  readonly #users = new Map<string, number>();

  /** The app as the cache now has it, or gone. */
  update(app: AppTokenRef, kind: 'add' | 'update' | 'delete'): void {
    const namespace = app.metadata.namespace ?? '';
    const appKey = `${namespace}/${app.metadata.name ?? ''}`;
    const ref = app.spec.authSecretRef;
    const next = kind !== 'delete' && ref ? `${namespace}/${ref.name}` : undefined;
    const previous = this.#byApp.get(appKey);
    if (previous === next) return;
    if (previous !== undefined) this.#count(previous, -1);
    if (next === undefined) this.#byApp.delete(appKey);
    else {
      this.#byApp.set(appKey, next);
      this.#count(next, 1);
    }
  }

  /** Whether some app names this secret as its token. */
  named(namespace: string, name: string): boolean {
    return this.#users.has(`${namespace}/${name}`);
  }

  #count(secret: string, by: number): void {
    const users = (this.#users.get(secret) ?? 0) + by;
    if (users > 0) this.#users.set(secret, users);
    else this.#users.delete(secret);
  }
}

// Which managed secrets name each ledger id, kept from the managed-secret cache's events: "does another live secret
// name this user?" is then a lookup, not a scan of every managed secret (which made a namespace's deletion O(n²)).
// Only the trusted part of each record counts: a tenant's forged secret naming another team's user must not keep that
// user alive when the secret that really owns it goes.
import type { V1Secret } from '@kubernetes/client-node';
import { recordedIds, type Annotations, type LedgerReader } from './ledger.ts';
import { isTerminating } from './ownership.ts';

interface Named {
  readonly ids: ReadonlySet<string>;
  /** Not being deleted: a terminating secret keeps nobody's user alive. */
  readonly live: boolean;
}

export class LedgerIndex {
  readonly #readers: readonly LedgerReader[];
  readonly #trusted: (secret: V1Secret) => Annotations;
  readonly #bySecret = new Map<string, Named>();
  readonly #byId = new Map<string, Set<string>>();

  /** `trusted`: the part of a secret's record the controller may act on (RecordTrust). */
  constructor(readers: readonly LedgerReader[], trusted: (secret: V1Secret) => Annotations) {
    this.#readers = readers;
    this.#trusted = trusted;
  }

  /** Follows one cache event (`delete` forgets the secret; anything else records what it names now). */
  observe(secret: V1Secret, kind: 'add' | 'update' | 'delete'): void {
    const uid = secret.metadata?.uid ?? '';
    this.#forget(uid);
    if (kind === 'delete') return;
    const ids = recordedIds(this.#readers, this.#trusted(secret));
    this.#bySecret.set(uid, { ids, live: !isTerminating(secret) });
    for (const id of ids) this.#byId.set(id, (this.#byId.get(id) ?? new Set()).add(uid));
  }

  /** The ids, of those given, that a live managed secret other than the one with `selfUid` names. */
  namedElsewhere(ids: Iterable<string>, selfUid: string): Set<string> {
    return new Set(
      [...ids].filter((id) =>
        [...(this.#byId.get(id) ?? [])].some((uid) => uid !== selfUid && this.#bySecret.get(uid)?.live === true),
      ),
    );
  }

  #forget(uid: string): void {
    for (const id of this.#bySecret.get(uid)?.ids ?? []) {
      const uids = this.#byId.get(id);
      uids?.delete(uid);
      if (uids?.size === 0) this.#byId.delete(id);
    }
    this.#bySecret.delete(uid);
  }
}

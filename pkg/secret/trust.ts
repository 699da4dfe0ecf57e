// Which part of a managed secret's record the controller may act on. A tenant can write any secret of their own
// namespace, labels and annotations included, so a record is trusted in full only when its signature verifies with a
// key of the ring. Without a valid signature (nais/aivenator's records, written before signing existed, or signed with
// a key since lost) an entry is trusted only if its handler says it derives from the secret's own namespace and app,
// in the controller's projects: the users such a record can name are the namespace's own. Pure.
import { isOurAnnotation, secretAnnotations, secretLabels } from './labels.ts';
import {
  everyReadableEntry,
  parseRetired,
  readableEntries,
  type Annotations,
  type LedgerEntry,
  type LedgerReader,
  type ProjectScope,
  type RecordOwner,
} from './ledger.ts';
import { signingKey, signRecord, verifyRecord, type RecordKey, type RecordPlace } from './signature.ts';

/** How the record's signature stands: `older-key` records are re-signed with the newest key. */
export type SignatureState = 'current' | 'older-key' | 'unsigned' | 'invalid';

export interface TrustedRecord {
  readonly signature: SignatureState;
  /** Why the signature does not verify (`invalid` only); never a key or a MAC. */
  readonly why?: string;
  /** Our annotations, without the entries refused: what cleanup, retirement and the next record start from. */
  readonly annotations: Record<string, string>;
  /** Entries the record names that the controller will not act on. */
  readonly refused: readonly LedgerEntry[];
}

export interface RecordTrustOptions {
  readonly readers: readonly LedgerReader[];
  /** The key ring as it is now (it is watched, so rotation needs no restart). */
  readonly keys: () => readonly RecordKey[];
  readonly scope: ProjectScope;
  /** Trust the derived entries of records without a valid signature (for a migration from nais/aivenator). */
  readonly acceptUnsigned: boolean;
}

interface SecretLike {
  readonly metadata?: {
    readonly namespace?: string;
    readonly name?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
}

const placeOf = (secret: SecretLike): RecordPlace => ({
  namespace: secret.metadata?.namespace ?? '',
  name: secret.metadata?.name ?? '',
});

/** The secret's own namespace, always, and the app its owner annotation (if in that namespace) or app label names. */
function ownerOf(secret: SecretLike): RecordOwner {
  const namespace = secret.metadata?.namespace ?? '';
  const owner = secret.metadata?.annotations?.[secretAnnotations.owner] ?? '';
  const app = owner.startsWith(`${namespace}/`)
    ? owner.slice(namespace.length + 1)
    : (secret.metadata?.labels?.[secretLabels.app] ?? '');
  return { namespace, app };
}

export const ourAnnotations = (annotations: Annotations | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(annotations ?? {}).filter(([key]) => isOurAnnotation(key)));

export class RecordTrust {
  readonly #o: RecordTrustOptions;

  constructor(options: RecordTrustOptions) {
    this.#o = options;
  }

  /** The record of a secret, as far as it can be trusted. */
  of(secret: SecretLike): TrustedRecord {
    const ours = ourAnnotations(secret.metadata?.annotations);
    const keys = this.#o.keys();
    const verification = verifyRecord(keys, placeOf(secret), ours);
    if (verification.kind === 'verified') {
      const current = verification.keyId === signingKey(keys)?.id;
      const annotations = {
        ...verification.covered,
        [secretAnnotations.signature]: ours[secretAnnotations.signature] ?? '',
      };
      return { signature: current ? 'current' : 'older-key', annotations, refused: this.#outside(ours, annotations) };
    }
    const pruned = this.#pruned(ours, ownerOf(secret));
    return {
      signature: verification.kind,
      ...(verification.kind === 'invalid' ? { why: verification.why } : {}),
      ...pruned,
    };
  }

  /** The annotations signed with the newest key, or undefined while the ring holds none. */
  sign(place: RecordPlace, annotations: Annotations): Record<string, string> | undefined {
    const key = signingKey(this.#o.keys());
    return key ? signRecord(key, place, annotations) : undefined;
  }

  /** Entries the annotations name that the trusted ones do not (added outside the signature): never acted on. */
  #outside(ours: Annotations, trusted: Annotations): LedgerEntry[] {
    const { readers } = this.#o;
    const kept = new Set(everyReadableEntry(readers, trusted).map((entry) => entry.id));
    return everyReadableEntry(readers, ours).filter((entry) => !kept.has(entry.id));
  }

  /** Without a valid signature: each entry that does not derive from the owner is dropped, current or retired. */
  #pruned(ours: Record<string, string>, owner: RecordOwner): Pick<TrustedRecord, 'annotations' | 'refused'> {
    const trusted = (entry: LedgerEntry): boolean =>
      this.#o.acceptUnsigned &&
      this.#o.readers.some((r) => r.service === entry.service && r.derivesFrom(entry, owner, this.#o.scope));
    const current = readableEntries(this.#o.readers, ours);
    const refusedNow = current.filter((entry) => !trusted(entry));
    const retired = parseRetired(ours[secretAnnotations.retired]).map((record) => ({
      record,
      entries: readableEntries(this.#o.readers, record.annotations),
    }));
    const keptRetired = retired.filter(({ entries }) => entries.every(trusted)).map(({ record }) => record);
    const refusedRetired = retired.flatMap(({ entries }) => entries.filter((entry) => !trusted(entry)));
    // A key a trusted entry shares (Valkey's project) stays.
    const keptKeys = new Set(current.filter(trusted).flatMap((entry) => Object.keys(entry.annotations)));
    const dropped = new Set([
      secretAnnotations.signature,
      ...refusedNow.flatMap((entry) => Object.keys(entry.annotations)).filter((key) => !keptKeys.has(key)),
      ...(refusedRetired.length > 0 ? [secretAnnotations.retired] : []),
    ]);
    const annotations = Object.fromEntries(Object.entries(ours).filter(([key]) => !dropped.has(key)));
    if (refusedRetired.length > 0 && keptRetired.length > 0)
      annotations[secretAnnotations.retired] = JSON.stringify(keptRetired);
    return { annotations, refused: [...refusedNow, ...refusedRetired] };
  }
}

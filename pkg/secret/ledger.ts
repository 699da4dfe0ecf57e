// The ledger: what a managed secret records about the Aiven users it owns, so that cleanup finds every one of them.
// It is written as annotations in nais/aivenator's format (either controller can clean up the other's secrets) and
// read back only through the handlers' readers, into typed entries. Pure.
import { z } from 'zod';
import { secretAnnotations } from './labels.ts';

/** One user a secret owns: `id` is the same on every secret naming that user; `annotations` name it alone. */
export interface LedgerEntry {
  /** The handler that made it and cleans it up. */
  readonly service: string;
  readonly id: string;
  readonly annotations: Readonly<Record<string, string>>;
}

/** The projects this controller provisions in: an unsigned record naming another is not trusted. */
export interface ProjectScope {
  /** Aiven project of OpenSearch, PostgreSQL and Valkey services, and of AIVEN_CA. */
  readonly mainProject: string;
  /** Kafka pools (Aiven projects) apps may use. */
  readonly kafkaPools: readonly string[];
}

/** The app an unsigned record's users must derive from: the secret's own namespace and the app it names. */
export interface RecordOwner {
  readonly namespace: string;
  readonly app: string;
}

/** A handler's half of the ledger: its entries on a secret. Throws a PermanentError on one cleanup cannot act on. */
export interface LedgerReader {
  readonly service: string;
  readLedger(annotations: Readonly<Record<string, string>>): LedgerEntry[];
  /**
   * Whether the entry is one this handler declares, in some generation, for an app of this namespace and name, in
   * these projects: how a record without a valid signature (nais/aivenator's, or one whose key was lost) is trusted.
   */
  derivesFrom(entry: LedgerEntry, owner: RecordOwner, scope: ProjectScope): boolean;
}

export type Annotations = Readonly<Record<string, string>>;

/** A user a newer generation replaced, as the `retired-users` annotation keeps it until it is deleted. */
export interface RetiredRecord {
  readonly annotations: Record<string, string>;
  readonly retiredAt: string;
}

const retiredRecordSchema = z.object({ annotations: z.record(z.string(), z.string()), retiredAt: z.string() });

/** Each well-formed element of the annotation; anything else (not JSON, not a list, a broken element) is skipped. */
export function parseRetired(value: string | undefined): RetiredRecord[] {
  if (!value) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((element: unknown) => {
    const record = retiredRecordSchema.safeParse(element);
    return record.success ? [record.data] : [];
  });
}

/** The current entries the annotations record; throws on a record a handler cannot read. */
export const readEntries = (readers: readonly LedgerReader[], annotations: Annotations): LedgerEntry[] =>
  readers.flatMap((reader) => reader.readLedger(annotations));

/** As readEntries, skipping what a handler cannot read: for questions about other secrets, never for cleanup. */
export const readableEntries = (readers: readonly LedgerReader[], annotations: Annotations): LedgerEntry[] =>
  readers.flatMap((reader) => {
    try {
      return reader.readLedger(annotations);
    } catch {
      return [];
    }
  });

/** A secret's current record and each retired user's, as annotation sets. */
const recordSets = (annotations: Annotations): Annotations[] => [
  annotations,
  ...parseRetired(annotations[secretAnnotations.retired]).map((r) => r.annotations),
];

/** Every entry a secret records, current and retired: what its deletion must clean up. Throws as readEntries. */
export const everyEntry = (readers: readonly LedgerReader[], annotations: Annotations): LedgerEntry[] =>
  recordSets(annotations).flatMap((set) => readEntries(readers, set));

/** Ids of every entry a secret records, current and retired, skipping what cannot be read. */
export const recordedIds = (readers: readonly LedgerReader[], annotations: Annotations): Set<string> =>
  new Set(everyReadableEntry(readers, annotations).map((entry) => entry.id));

/** Every entry a secret records, current and retired, skipping what cannot be read. */
export const everyReadableEntry = (readers: readonly LedgerReader[], annotations: Annotations): LedgerEntry[] =>
  recordSets(annotations).flatMap((set) => readableEntries(readers, set));

// Recording a synchronization's ledger on a secret: the declared entries become the current ones, and a current
// entry they do not name again (by id) moves into the retired list, so a replaced user is never forgotten before it
// is deleted. Services whose declaration failed keep their entries as they are. Pure.
import { secretAnnotations } from './labels.ts';
import { parseRetired, readableEntries, type Annotations, type LedgerEntry, type LedgerReader } from './ledger.ts';

export interface Recording {
  /** The secret's annotations that aivenator wrote (see isOurAnnotation). */
  readonly existing: Annotations;
  /** Every entry the synchronization will provision into this secret. */
  readonly declared: readonly LedgerEntry[];
  /** Services asked for but not declared this time (a failure): their entries stay current. */
  readonly unsettled: ReadonlySet<string>;
  readonly now: Date;
}

const withoutKeys = (annotations: Annotations, keys: ReadonlySet<string>): Record<string, string> =>
  Object.fromEntries(Object.entries(annotations).filter(([key]) => !keys.has(key)));

/** The annotations after recording: existing ones, retired entries' keys removed, declared ones merged in. */
export function recordedAnnotations(readers: readonly LedgerReader[], recording: Recording): Record<string, string> {
  const { existing, declared, unsettled, now } = recording;
  const declaredIds = new Set(declared.map((entry) => entry.id));
  const replaced = readableEntries(readers, existing).filter(
    (entry) => !declaredIds.has(entry.id) && !unsettled.has(entry.service),
  );
  // A retired user declared again (a record restored by hand) is current, not due for deletion.
  const stillRetired = parseRetired(existing[secretAnnotations.retired]).filter((record) =>
    readableEntries(readers, record.annotations).every((entry) => !declaredIds.has(entry.id)),
  );
  const retired = [
    ...stillRetired,
    ...replaced.map((entry) => ({ annotations: { ...entry.annotations }, retiredAt: now.toISOString() })),
  ];
  const base = withoutKeys(
    existing,
    new Set([secretAnnotations.retired, ...replaced.flatMap((e) => Object.keys(e.annotations))]),
  );
  return {
    ...base,
    ...Object.fromEntries(declared.flatMap((entry) => Object.entries(entry.annotations))),
    ...(retired.length > 0 ? { [secretAnnotations.retired]: JSON.stringify(retired) } : {}),
  };
}

// Which ledger entries a cleanup deletes: every entry given, once, except one another live managed secret still
// names (two secrets can name one user; deleting it would break the other's pods). Pure.
import type { LedgerEntry } from './ledger.ts';

export interface CleanupPlan {
  readonly delete: readonly LedgerEntry[];
  /** Named elsewhere too: left for the last secret that names them. */
  readonly shared: readonly LedgerEntry[];
}

export function planUserCleanup(entries: readonly LedgerEntry[], namedElsewhere: ReadonlySet<string>): CleanupPlan {
  const unique = [...new Map(entries.map((entry) => [entry.id, entry])).values()];
  return {
    delete: unique.filter((entry) => !namedElsewhere.has(entry.id)),
    shared: unique.filter((entry) => namedElsewhere.has(entry.id)),
  };
}

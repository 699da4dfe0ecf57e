import type { LedgerEntry } from '../secret/ledger.ts';
import type { CleanupContext, Handler } from './types.ts';

/** Deletes what each entry names, in order, through the handler that made it (every entry is read by one). */
export async function cleanUpEntries(
  handlers: readonly Handler[],
  entries: readonly LedgerEntry[],
  ctx: CleanupContext,
): Promise<void> {
  for (const entry of entries) {
    const handler = handlers.find((h) => h.service === entry.service);
    if (!handler) throw new Error(`no handler for ledger entry ${entry.id}`);
    await handler.cleanup(entry, ctx);
  }
}

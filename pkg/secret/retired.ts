// Users a newer generation replaced: kept (recorded on the secret) for a grace period, so pods still using the old
// credentials keep working until they restart, then deleted. Pure: which are due, and when the next one is.
import { parseRetired, type RetiredRecord } from './ledger.ts';

export interface RetiredPlan {
  readonly due: RetiredRecord[];
  readonly pending: RetiredRecord[];
  /** Milliseconds from now until the next pending user is due. */
  readonly nextInMs?: number;
}

/** A retiredAt that cannot be read counts as long past: the user is due rather than kept forever. */
const dueAt = (record: RetiredRecord, graceMs: number): number => (Date.parse(record.retiredAt) || 0) + graceMs;

export function planRetired(annotation: string | undefined, now: number, graceMs: number): RetiredPlan {
  const retired = parseRetired(annotation);
  const due = retired.filter((record) => dueAt(record, graceMs) <= now);
  const pending = retired.filter((record) => dueAt(record, graceMs) > now);
  const next = Math.min(...pending.map((record) => dueAt(record, graceMs)));
  return pending.length > 0 ? { due, pending, nextInMs: next - now } : { due, pending };
}

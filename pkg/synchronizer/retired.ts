// Users a newer generation replaced: kept (recorded on the secret) for a grace period, so pods still using the old
// credentials keep working until they restart, then deleted. Pure: which are due, and when the next one is.
import { parseRetired, type RetiredUser } from './metadata.ts';

export interface RetiredPlan {
  readonly due: RetiredUser[];
  readonly pending: RetiredUser[];
  /** Milliseconds from now until the next pending user is due. */
  readonly nextInMs?: number;
}

export function planRetired(annotation: string | undefined, now: number, graceMs: number): RetiredPlan {
  const retired = parseRetired(annotation);
  const dueAt = (user: RetiredUser) => Date.parse(user.retiredAt) + graceMs;
  const due = retired.filter((user) => dueAt(user) <= now);
  const pending = retired.filter((user) => dueAt(user) > now);
  const next = Math.min(...pending.map(dueAt));
  return pending.length > 0 ? { due, pending, nextInMs: next - now } : { due, pending };
}

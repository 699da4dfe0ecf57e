// The Aiven faults of a chaos run: a share of every request fails, split evenly over the ways Aiven fails in
// production. Pure.
import type { RequestRecord } from '../../sim/admin.ts';
import type { FaultRuleInput } from '../../sim/faults.ts';

/**
 * The kinds of failure, each a simulator rule. A hang answers nothing and drops the connection after 2 s (the client's
 * own 15 s timeout would make the run minutes longer for no other path); a lost answer is a write that happened.
 */
const kinds: readonly Omit<FaultRuleInput, 'rate'>[] = [
  { kind: 'status', status: 429, retryAfterSeconds: 1 },
  { kind: 'status', status: 500 },
  { kind: 'status', status: 502 },
  { kind: 'status', status: 503 },
  { kind: 'hang', delayMs: 2000 },
  { kind: 'reset' },
  { kind: 'lost-after-commit' },
];

/**
 * Rules under which `total` of all requests fail. The simulator tries the rules in order, each with its own chance,
 * and the first that fires decides; so each gets 1 - (1 - total)^(1/n), and together they fire with `total`.
 */
export function faultMix(total: number): FaultRuleInput[] {
  if (total <= 0) return [];
  const each = 1 - Math.pow(1 - total, 1 / kinds.length);
  return kinds.map((kind) => ({ ...kind, rate: each }));
}

/**
 * Whether the simulator answered the request with a fault: the simulator itself never answers 429 or 5xx, and a
 * request with no status is one whose connection was dropped (a hang, a reset, a lost answer).
 */
export const isInjectedFault = (record: Pick<RequestRecord, 'status'>): boolean =>
  record.status === 0 || record.status === 429 || record.status >= 500;

/** Faults the simulator injected into requests that arrived in [from, to). */
export const faultsBetween = (records: readonly RequestRecord[], from: number, to: number): number =>
  records.filter((r) => r.at >= from && r.at < to && isInjectedFault(r)).length;

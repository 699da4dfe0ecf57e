// Every invariant a scenario must leave holding, over one snapshot. Leaks are checked apart (leaks.ts): a leak does not
// converge away, so it is looked for once per scenario, in the whole log. Pure.
import { invariantNames, type InvariantName, type Snapshot, type Violation } from '../snapshot.ts';
import { checkCredentials } from './credentials.ts';
import { checkReady } from './ready.ts';
import { checkLostSecrets, checkRefusals, checkUnmanaged } from './secrets.ts';
import { checkDuplicates, checkOrphans } from './users.ts';

export function checkInvariants(snapshot: Snapshot): Violation[] {
  return [
    ...checkReady(snapshot),
    ...checkOrphans(snapshot),
    ...checkDuplicates(snapshot),
    ...checkLostSecrets(snapshot),
    ...checkCredentials(snapshot),
    ...checkUnmanaged(snapshot),
    ...checkRefusals(snapshot),
  ];
}

/** How many violations of each invariant (every name present, 0 when none). */
export function countByInvariant(violations: readonly Violation[]): Record<InvariantName, number> {
  const counts = Object.fromEntries(invariantNames.map((name) => [name, 0])) as Record<InvariantName, number>;
  for (const violation of violations) counts[violation.invariant] += 1;
  return counts;
}

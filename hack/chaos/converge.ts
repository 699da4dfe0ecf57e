// After a scenario's disturbance: the world is read and checked every second until every invariant holds, twice in a
// row (a moment that merely looks right, between two writes, is not convergence), or until the bound passes. What an
// earlier scenario left broken is reported there, once, and not again. Instances of a known issue (known-issues.ts)
// never go away by waiting: they do not hold convergence up (unless strict), and are reported beside it.
import { setTimeout as sleep } from 'node:timers/promises';
import { gather } from './gather.ts';
import { checkInvariants } from './invariants/index.ts';
import type { Violation } from './snapshot.ts';
import type { World } from './world.ts';

export interface Convergence {
  readonly converged: boolean;
  /** From the call to the first of the two passing checks, or to the bound. */
  readonly ms: number;
  /** What failed at the last check: nothing but known issues when converged. */
  readonly violations: readonly Violation[];
}

const pollMs = 1000;
const confirmMs = 1000;

export interface ConvergeOptions {
  readonly graceMs: number;
  readonly boundMs: number;
  /** Violations an earlier scenario already reported (by message): they do not count against this one. */
  readonly reported: ReadonlySet<string>;
  /** Known issues count as failures too. */
  readonly strict: boolean;
}

async function check(world: World, options: ConvergeOptions): Promise<Violation[]> {
  try {
    const violations = checkInvariants(await gather(world, options.graceMs));
    return violations.filter((v) => !options.reported.has(v.message));
  } catch (err) {
    // The API server may be starting again: this poll tells nothing.
    const why = err instanceof Error ? err.message : String(err);
    return [{ invariant: 'ready', message: `the world could not be read: ${why}` }];
  }
}

/** Whether the violations let the world count as converged. */
export const holds = (violations: readonly Violation[], strict: boolean): boolean =>
  violations.every((v) => !strict && v.known !== undefined);

export async function converge(world: World, options: ConvergeOptions): Promise<Convergence> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  for (;;) {
    let violations = await check(world, options);
    if (holds(violations, options.strict)) {
      const at = elapsed();
      await sleep(confirmMs);
      violations = await check(world, options);
      if (holds(violations, options.strict)) return { converged: true, ms: at, violations };
    }
    if (elapsed() > options.boundMs) return { converged: false, ms: elapsed(), violations };
    await sleep(pollMs);
  }
}

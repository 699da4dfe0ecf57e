// What a chaos run does, from the environment: the full run's sizes are the defaults, so `make chaos` needs none,
// and the smoke test in `make test` passes small ones. Pure.
import { z } from 'zod';
import { duration } from '../../config/duration.ts';

export const scenarioNames = ['faults', 'kills', 'apiserver', 'leader', 'bad-inputs'] as const;
export type ScenarioName = (typeof scenarioNames)[number];

const count = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

const environmentSchema = z.object({
  /** Replays a run: every random choice of the plan comes from it. */
  CHAOS_SEED: z.coerce.number().int().min(0).optional(),
  /** Apps created, changed and deleted under Aiven faults; the other scenarios take a fifth each (at least 6). */
  CHAOS_APPS: count(500),
  /** SIGKILLs of the controller at random moments, each followed by a restart. */
  CHAOS_KILLS: count(20),
  /** Leaders killed while a second replica waits. */
  CHAOS_LEADER_KILLS: count(2),
  /** The share of Aiven requests that fail (429, 5xx, no answer, a reset, a lost answer). */
  CHAOS_FAULT_RATE: z.coerce.number().min(0).max(1).default(0.2),
  /** How long the invariants may take to hold after a scenario's disturbance ends before the run fails. */
  CHAOS_CONVERGE_SECONDS: z.coerce.number().positive().default(180),
  /** A subset of the scenarios, comma-separated (in the run's order whatever the order given). */
  CHAOS_ONLY: z.string().optional(),
  /** The controller to run: the bundle as it ships unless told otherwise. */
  CHAOS_CONTROLLER: z.string().min(1).default('dist/aivenator.js'),
  /** Where the results and the controllers' logs go. */
  CHAOS_OUT: z.string().min(1).default('.chaos'),
  /** debug logs every reconcile: the most text a leak could hide in. */
  CHAOS_LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug']).default('debug'),
  /** --user-grace-period, short so that replaced users are due (and checked) within the run. */
  CHAOS_GRACE: z.string().default('3s'),
  /** Known controller issues (known-issues.ts) fail the run too. */
  CHAOS_STRICT: z.stringbool().default(false),
});

export interface ChaosSettings {
  readonly seed: number | undefined;
  readonly apps: number;
  /** Apps of each scenario but the first. */
  readonly scenarioApps: number;
  readonly kills: number;
  readonly leaderKills: number;
  readonly faultRate: number;
  readonly convergeMs: number;
  readonly scenarios: readonly ScenarioName[];
  readonly controller: string;
  readonly out: string;
  readonly logLevel: 'error' | 'warn' | 'info' | 'debug';
  /** As the controller's flag takes it, and in milliseconds. */
  readonly grace: string;
  readonly graceMs: number;
  readonly strict: boolean;
}

function chosenScenarios(only: string | undefined): ScenarioName[] {
  if (only === undefined || only.trim() === '') return [...scenarioNames];
  const asked = only.split(',').map((name) => name.trim());
  const unknown = asked.filter((name) => !(scenarioNames as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(`CHAOS_ONLY: unknown scenario ${unknown.join(', ')}; known: ${scenarioNames.join(', ')}`);
  return scenarioNames.filter((name) => asked.includes(name));
}

/** The controller's own duration syntax, so the flag given is one it takes. */
function durationMs(name: string, text: string): number {
  const parsed = duration(text).safeParse(text);
  if (!parsed.success) throw new Error(`chaos settings: ${name}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function chaosSettings(env: Readonly<Record<string, string | undefined>>): ChaosSettings {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) throw new Error(`chaos settings: ${z.prettifyError(parsed.error)}`);
  const e = parsed.data;
  return {
    seed: e.CHAOS_SEED,
    apps: e.CHAOS_APPS,
    scenarioApps: Math.max(6, Math.round(e.CHAOS_APPS / 5)),
    kills: e.CHAOS_KILLS,
    leaderKills: e.CHAOS_LEADER_KILLS,
    faultRate: e.CHAOS_FAULT_RATE,
    convergeMs: e.CHAOS_CONVERGE_SECONDS * 1000,
    scenarios: chosenScenarios(e.CHAOS_ONLY),
    controller: e.CHAOS_CONTROLLER,
    out: e.CHAOS_OUT,
    logLevel: e.CHAOS_LOG_LEVEL,
    grace: e.CHAOS_GRACE,
    graceMs: durationMs('CHAOS_GRACE', e.CHAOS_GRACE),
    strict: e.CHAOS_STRICT,
  };
}

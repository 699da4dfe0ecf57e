// What a chaos run found: one row per scenario (what was done to the world, how long the invariants took to hold
// again, and the violations left, by invariant), printed as a table and written as JSON. Pure, but for write().
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { invariantNames, type InvariantName, type Violation } from './snapshot.ts';

export interface ScenarioResult {
  readonly scenario: string;
  readonly title: string;
  readonly apps: number;
  readonly faults: { readonly aiven: number; readonly controllerKills: number; readonly apiserverRestarts: number };
  readonly restarts: { readonly planned: number; readonly unplanned: number };
  readonly disturbanceSeconds: number;
  /** Undefined when the invariants did not hold within the bound. */
  readonly convergeSeconds: number | undefined;
  readonly violations: Readonly<Record<InvariantName, number>>;
  /** Instances of known controller issues (known-issues.ts), not counted as failures. */
  readonly knownIssues: number;
  /** The first of them, for the reader (never a secret value). */
  readonly examples: readonly Violation[];
}

export interface ChaosReport {
  readonly seed: number;
  readonly started: string;
  readonly finished: string;
  readonly seconds: number;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly scenarios: readonly ScenarioResult[];
  /** What the leak check covered: secret values issued, and the controllers' log (every incarnation's). */
  readonly leakCheck: { readonly secrets: number; readonly logMegabytes: number };
  /** Invariants that failed, in the order met; empty when the run passed. */
  readonly failed: readonly InvariantName[];
}

const columns = [
  'scenario',
  'apps',
  'faults injected',
  'restarts',
  'time to converge',
  'not ready',
  'orphans',
  'duplicates',
  'lost secrets',
  'missing users',
  'unmanaged changed',
  'CRD let through',
  'leaks in logs',
  'known issues',
] as const;

function row(result: ScenarioResult): string[] {
  const { faults, restarts } = result;
  const injected = faults.aiven + faults.controllerKills + faults.apiserverRestarts;
  const converge = result.convergeSeconds === undefined ? 'not within bound' : `${result.convergeSeconds.toFixed(1)} s`;
  return [
    result.title,
    String(result.apps),
    String(injected),
    `${String(restarts.planned + restarts.unplanned)}${restarts.unplanned > 0 ? ` (${String(restarts.unplanned)} own exits)` : ''}`,
    converge,
    ...invariantNames.map((name) => String(result.violations[name])),
    String(result.knownIssues),
  ];
}

/** A Markdown table: readable in a terminal, and pasted as is into the README. */
export function table(results: readonly ScenarioResult[]): string {
  const lines = [columns as readonly string[], ...results.map(row)];
  const widths = columns.map((_, i) => Math.max(...lines.map((cells) => (cells[i] ?? '').length)));
  const format = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(Math.max(1, w - 1))}:`)).join(' | ')} |`;
  return [format(columns), rule, ...results.map((r) => format(row(r)))].join('\n');
}

/** Invariants that failed, each once, in the order of the results (a bound passed counts its violations). */
export const failedInvariants = (results: readonly ScenarioResult[]): InvariantName[] =>
  invariantNames.filter((name) => results.some((r) => r.violations[name] > 0));

export function writeReport(dir: string, report: ChaosReport): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'results.json');
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  writeFileSync(path, `${JSON.stringify({ ...report, machine }, null, 2)}\n`);
  return path;
}

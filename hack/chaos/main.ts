// `make chaos`: the controller as it ships, against a control plane and an Aiven simulator of its own, through
// Aiven faults, SIGKILLs, an API server restart, a leader's death and a tenant's bad inputs; every invariant checked
// after each scenario. Prints a table, writes .chaos/results.json (and each controller's log under .chaos/logs/),
// and exits 1 naming the invariants that failed. Sizes and the seed come from the environment (settings.ts):
//   CHAOS_APPS=500 CHAOS_KILLS=20 CHAOS_LEADER_KILLS=2 CHAOS_FAULT_RATE=0.2 CHAOS_CONVERGE_SECONDS=180
//   CHAOS_SEED=<n> (replays a run)  CHAOS_ONLY=faults,kills,apiserver,leader,bad-inputs  CHAOS_LOG_LEVEL=debug
//   CHAOS_GRACE=3s  CHAOS_CONTROLLER=dist/aivenator.js  CHAOS_OUT=.chaos
import { resolve } from 'node:path';
import { root } from '../demo-setup.ts';
import { knownIssues } from './known-issues.ts';
import { table, writeReport } from './report.ts';
import { runChaos } from './run.ts';
import { chaosSettings } from './settings.ts';

const settings = chaosSettings(process.env);
const report = await runChaos(settings);
const path = writeReport(resolve(root, settings.out), report);
const lines = [
  '',
  table(report.scenarios),
  '',
  `seed ${String(report.seed)}, ${report.seconds.toFixed(0)} s; looked for ${String(report.leakCheck.secrets)} secret ` +
    `values in ${String(report.leakCheck.logMegabytes)} MB of controller log; written to ${path}`,
];
for (const result of report.scenarios)
  for (const v of result.examples)
    lines.push(`  ${result.scenario} · ${v.known ? `known issue ${v.known}` : v.invariant}: ${v.message}`);
const seen = new Set(report.scenarios.flatMap((r) => r.examples.flatMap((v) => (v.known ? [v.known] : []))));
for (const id of seen) lines.push(`known issue ${id}: ${knownIssues[id] ?? ''}`);
lines.push(report.failed.length === 0 ? 'every invariant held' : `FAILED: ${report.failed.join(', ')}`);
process.stdout.write(`${lines.join('\n')}\n`);
process.exitCode = report.failed.length === 0 ? 0 : 1;

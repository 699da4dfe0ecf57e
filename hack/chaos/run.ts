// One chaos run: a world of its own, one controller replica (two in the leader scenario), then each scenario in turn:
// its disturbance, convergence (every invariant holding, twice in a row, within the bound), the log searched for
// every secret issued so far. A scenario whose invariants do not hold within the bound fails; the run goes on with the
// next, which is judged only on what it breaks itself (a violation is reported once, where it first appeared).
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { root } from '../demo-setup.ts';
import { converge } from './converge.ts';
import { faultsBetween } from './fault-mix.ts';
import { Fleet } from './fleet.ts';
import { countByInvariant } from './invariants/index.ts';
import { describeLeak, findLeaks } from './leaks.ts';
import { newSeed, Random } from './random.ts';
import { failedInvariants, type ChaosReport, type ScenarioResult } from './report.ts';
import { scenarios } from './scenarios/index.ts';
import type { Scenario, ScenarioContext } from './scenarios/types.ts';
import type { ChaosSettings } from './settings.ts';
import type { Violation } from './snapshot.ts';
import { startWorld, type World } from './world.ts';

const seconds = (ms: number): number => Math.round(ms / 100) / 10;

/** Leaks in the logs so far that no earlier scenario reported. */
function newLeaks(ctx: ScenarioContext, reported: Set<string>): Violation[] {
  const leaks = findLeaks(ctx.fleet.logs(), ctx.world.vault.all()).map(describeLeak);
  const fresh = leaks.filter((leak) => !reported.has(leak));
  for (const leak of fresh) reported.add(leak);
  return fresh.map((message) => ({ invariant: 'leaks', message }));
}

interface Reported {
  /** Leaks, as described. */
  readonly leaks: Set<string>;
  /** Violations left at the bound, by message. */
  readonly violations: Set<string>;
}

async function runScenario(scenario: Scenario, ctx: ScenarioContext, reported: Reported): Promise<ScenarioResult> {
  const { world, fleet, settings } = ctx;
  const before = { ...fleet.restarts };
  const from = Date.now();
  ctx.say(`${scenario.name}: ${scenario.title(settings)}`);
  const disturbance = await scenario.disturb(ctx);
  const disturbed = Date.now() - from;
  const { graceMs, convergeMs: boundMs, strict } = settings;
  const convergence = await converge(world, { graceMs, boundMs, strict, reported: reported.violations });
  for (const violation of convergence.violations) reported.violations.add(violation.message);
  const found = [...convergence.violations, ...newLeaks(ctx, reported.leaks)];
  const failing = found.filter((v) => strict || v.known === undefined);
  const aiven = faultsBetween(world.simulator.requests(), from, Date.now());
  await scenario.after?.(ctx);
  return {
    scenario: scenario.name,
    title: scenario.title(settings),
    apps: disturbance.apps,
    faults: { aiven, controllerKills: disturbance.controllerKills, apiserverRestarts: disturbance.apiserverRestarts },
    restarts: {
      planned: fleet.restarts.planned - before.planned,
      unplanned: fleet.restarts.unplanned - before.unplanned,
    },
    disturbanceSeconds: seconds(disturbed),
    convergeSeconds: convergence.converged ? seconds(convergence.ms) : undefined,
    violations: countByInvariant(failing),
    knownIssues: found.length - failing.length,
    // Failures first: a long list of a known issue's instances must not hide them.
    examples: [...failing, ...found.filter((v) => !failing.includes(v))].slice(0, 20),
  };
}

export interface RunOptions {
  readonly say?: (line: string) => void;
}

function startFleet(world: World, settings: ChaosSettings, out: string): Fleet {
  return new Fleet({
    script: resolve(root, settings.controller),
    kubeconfigPath: world.controlPlane.kubeconfigPath,
    aivenUrl: world.simulator.url,
    logLevel: settings.logLevel,
    grace: settings.grace,
    logDir: join(out, 'logs'),
    adopt: (pid) => {
      world.controlPlane.adopt(pid);
    },
  });
}

/** Every chosen scenario in order, each with its own fork of the run's generator. */
async function runScenarios(parts: Omit<ScenarioContext, 'random'>, random: Random): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  const reported = { leaks: new Set<string>(), violations: new Set<string>() };
  for (const scenario of scenarios.filter((s) => parts.settings.scenarios.includes(s.name))) {
    const result = await runScenario(scenario, { ...parts, random: random.fork(scenario.name) }, reported);
    results.push(result);
    parts.say(
      `${scenario.name}: ${JSON.stringify({ converge: result.convergeSeconds, violations: result.violations })}`,
    );
  }
  return results;
}

export async function runChaos(settings: ChaosSettings, options: RunOptions = {}): Promise<ChaosReport> {
  const say = options.say ?? ((line: string) => process.stderr.write(`[chaos] ${line}\n`));
  const seed = settings.seed ?? newSeed();
  say(`seed ${String(seed)} (CHAOS_SEED=${String(seed)} replays this plan)`);
  const started = new Date();
  const out = resolve(root, settings.out);
  rmSync(join(out, 'logs'), { recursive: true, force: true });
  const world = await startWorld(seed);
  const fleet = startFleet(world, settings, out);
  let results: ScenarioResult[];
  let leakCheck: ChaosReport['leakCheck'];
  try {
    await fleet.scale(1);
    await fleet.waitForLeader();
    results = await runScenarios({ world, fleet, settings, say }, new Random(seed));
    const logBytes = fleet.logs().reduce((sum, log) => sum + log.text.length, 0);
    leakCheck = { secrets: world.vault.all().length, logMegabytes: Math.round(logBytes / 1e5) / 10 };
  } finally {
    await fleet.stop();
    const broken = world.simulator.contractViolations();
    if (broken.length > 0) say(`the simulator broke its contract: ${broken.slice(0, 5).join('; ')}`);
    await world.stop();
  }
  const finished = new Date();
  return {
    seed,
    started: started.toISOString(),
    finished: finished.toISOString(),
    seconds: seconds(finished.getTime() - started.getTime()),
    settings: { ...settings },
    scenarios: results,
    leakCheck,
    failed: failedInvariants(results),
  };
}

// `make bench`: the controller as it ships (dist/aivenator.js, the chart's Node flags), as its own process, against
// one control plane (with kube-controller-manager, for namespace deletion) and the simulator (client keys pooled,
// so the simulator's RSA work does not slow what is measured). Every figure goes into one table, printed and
// written to .bench/results.{md,json}. Counts (calls, writes) are stable on noisy machines; times and memory vary.
//   BENCH_APPS=1000             new PostgreSQL apps, then a restart over them
//   BENCH_KAFKA_APPS=200        new Kafka+PostgreSQL apps
//   BENCH_LATENCY_APPS=1000     new Kafka+PostgreSQL apps with BENCH_LATENCY_MS=50 added to every Aiven request,
//   BENCH_WORKERS=10,50,100       once per worker count
//   BENCH_UNRELATED=10000       unrelated secrets, ConfigMaps and Pods in a watched namespace
//   BENCH_DELETE_APPS=1000,5000 namespace deletion, once per size
//   BENCH_DRIFT=1000,10          drift detection: apps, PostgreSQL services they are spread over
//   BENCH_ONLY=new,latency,unrelated,delete,janitor,writes,drift   a subset
import { join } from 'node:path';
import { loadFixtures, parseFixture } from '../../sim/fixtures.ts';
import { startAivenSimulator } from '../../sim/server.ts';
import { startControlPlane } from '../../testenv/testenv.ts';
import { root } from '../demo-setup.ts';
import type { BenchEnv } from './controller.ts';
import { driftServices, measureDrift } from './drift.ts';
import { measureJanitor } from './janitor.ts';
import { measureNamespaceDeletion } from './namespace-deletion.ts';
import { measureNewApps } from './new-apps.ts';
import { Report } from './report.ts';
import { measureRestart } from './restart.ts';
import { measureTakeover } from './takeover.ts';
import { measureUnrelated } from './unrelated.ts';
import { measureWrites } from './writes.ts';

const numbers = (name: string, fallback: string): number[] =>
  (process.env[name] ?? fallback)
    .split(',')
    .filter((n) => n.trim() !== '')
    .map(Number);
const [pgApps = 0] = numbers('BENCH_APPS', '1000');
const [kafkaApps = 0] = numbers('BENCH_KAFKA_APPS', '200');
const [latencyApps = 0] = numbers('BENCH_LATENCY_APPS', '1000');
const [latencyMs = 50] = numbers('BENCH_LATENCY_MS', '50');
const workerCounts = numbers('BENCH_WORKERS', '10,50,100');
const [unrelated = 0] = numbers('BENCH_UNRELATED', '10000');
const deleteSizes = numbers('BENCH_DELETE_APPS', '1000,5000');
const [driftApps = 0, driftServiceCount = 10] = numbers('BENCH_DRIFT', '1000,10');
const only = new Set((process.env.BENCH_ONLY ?? 'new,latency,unrelated,delete,janitor,writes,drift').split(','));

const pg = { postgres: { instance: 'checkout-db' } };
const kafkaPg = { kafka: { pool: 'dev-nais-dev' }, ...pg };
/** The memory goals: 150 MB with 1,000 apps, 250 MB with 10,000. */
const steadyGoal = (apps: number) => ({ max: apps <= 1000 ? 150 : 250 });

async function newAndRestart(env: BenchEnv, report: Report): Promise<void> {
  if (pgApps > 0) {
    const scenario = `${String(pgApps)} new PostgreSQL apps`;
    const run = { scenario, namespace: 'bench-pg', apps: pgApps, spec: pg };
    const goals = { cpuMsPerApp: { max: 5 }, idleMb: { max: 80 }, steadyMb: steadyGoal(pgApps) };
    const { controller } = await measureNewApps(env, { ...run, goals }, report);
    await controller.stop();
    const restart = {
      scenario: `restart over ${String(pgApps)} synchronized apps`,
      namespace: 'bench-pg',
      apps: pgApps,
    };
    await measureRestart(
      env,
      { ...restart, goals: { readySeconds: { max: 5 }, steadyMb: steadyGoal(pgApps) } },
      report,
    );
    await measureTakeover(env, 'bench-pg', report);
  }
  if (kafkaApps > 0) {
    const scenario = `${String(kafkaApps)} new Kafka+PostgreSQL apps`;
    const run = { scenario, namespace: 'bench-kafka', apps: kafkaApps, spec: kafkaPg };
    const { controller } = await measureNewApps(env, { ...run, goals: { cpuMsPerApp: { max: 10 } } }, report);
    await controller.stop();
  }
}

async function latency(env: BenchEnv, report: Report): Promise<void> {
  for (const workers of latencyApps > 0 ? workerCounts : []) {
    const scenario = `${String(latencyApps)} new Kafka+PostgreSQL apps, ${String(latencyMs)} ms latency, ${String(workers)} workers`;
    const run = { scenario, namespace: `bench-latency-${String(workers)}`, apps: latencyApps, spec: kafkaPg };
    const goals = workers === 10 ? { floorRatio: { max: 1.5 } } : {};
    const { controller } = await measureNewApps(env, { ...run, workers, latencyMs, goals }, report);
    await controller.stop();
  }
}

async function deletion(env: BenchEnv, report: Report): Promise<void> {
  const perSecret: number[] = [];
  for (const apps of deleteSizes) perSecret.push(await measureNamespaceDeletion(env, apps, report));
  const [first, last] = [perSecret[0], perSecret.at(-1)];
  if (perSecret.length > 1 && first !== undefined && last !== undefined)
    report
      .in(`delete a namespace: ${String(deleteSizes.at(-1))} apps against ${String(deleteSizes[0])}`)
      .add('time per secret, ratio', last / first, '×', { max: 1.2 });
}

const started = new Date();
const report = new Report();
const controlPlane = await startControlPlane();
/** The demo's world, with the PostgreSQL services the drift scenario spreads its apps over. */
const demo = loadFixtures([join(root, 'config/aiven-sim/demo.yaml')]);
const fixture = parseFixture({
  ...demo,
  projects: demo.projects.map((project) =>
    project.name === 'dev-nais-dev'
      ? {
          ...project,
          services: [
            ...project.services,
            ...driftServices(driftServiceCount).map((name) => ({ name, type: 'pg' as const })),
          ],
        }
      : project,
  ),
});
const simulator = await startAivenSimulator({ fixture, clientKeyPool: 16 });
const env = { controlPlane, simulator };
try {
  // Writes first: they are counted cluster-wide, and later scenarios leave kube-controller-manager writing events.
  if (only.has('writes')) await measureWrites(env, report);
  if (only.has('new')) await newAndRestart(env, report);
  if (only.has('latency')) await latency(env, report);
  if (only.has('unrelated') && unrelated > 0) await measureUnrelated(env, unrelated, report);
  if (only.has('delete')) await deletion(env, report);
  if (only.has('janitor')) await measureJanitor(env, report);
  if (only.has('drift') && driftApps > 0) await measureDrift(env, driftApps, driftServiceCount, report);
} finally {
  await controlPlane.stop();
  await simulator.stop();
}
process.stdout.write(`\n${report.table()}\n\nwritten to ${report.write(root, started)}\n`);

// Composition root: the only place that reads the environment; it runs the process (settings, logger, metrics
// endpoint, signals) around the manager that wiring/controllers.ts builds.
import { setTimeout as sleep } from 'node:timers/promises';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { translateLegacySettings } from '../config/legacy-settings.ts';
import { loadSettings, SettingsError, usage, type Settings } from '../config/settings.ts';
import { version } from './version.ts';
import { buildManager } from './wiring/controllers.ts';
import { verifyOwnToken } from './aiven/verify-token.ts';
import { tokenCheckOf } from './wiring/tokens.ts';
import { loadKubeConfig, verifyClusterAccess, type ClusterAccess } from './kube/client.ts';
import { describeKubeError } from './kube/errors.ts';
import { kubeRequestMetrics } from './kube/metrics.ts';
import { startHttpServer } from './runtime/http-server.ts';
import { createLogger, type Logger } from './runtime/log.ts';

const exitCodes = { settings: 2, fatal: 1, lostLeadership: 1 } as const;
type KubeConfig = ReturnType<typeof loadKubeConfig>;

/** Retries until the cluster answers (it may still be starting), backing off from 0.5 s to 10 s. */
async function waitForCluster(kc: KubeConfig, log: Logger, signal: AbortSignal): Promise<ClusterAccess> {
  for (let attempt = 1, delayMs = 500; ; attempt++, delayMs = Math.min(delayMs * 2, 10_000)) {
    try {
      return await verifyClusterAccess(kc, signal);
    } catch (err) {
      signal.throwIfAborted();
      log.warn('cluster not reachable yet', { attempt, retryInMs: delayMs, err: describeKubeError(err) });
      await sleep(delayMs, undefined, { signal });
    }
  }
}

/** How long after the drain's own bound the process gives up waiting for itself and exits. */
const shutdownGraceMs = 10_000;

function shutdownSignal(log: Logger, shutdownTimeoutMs: number): AbortSignal {
  const controller = new AbortController();
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    // `on`, not `once`: a second signal must not fall back to the default handler, which exits at once and
    // loses the log lines still being written.
    process.on(name, () => {
      if (controller.signal.aborted) return;
      log.info('shutting down', { signal: name });
      controller.abort(new Error(`received ${name}`));
      // The drain is bounded (--shutdown-timeout), but something that ignores its abort signal, or a handle left
      // open, could keep the process alive; a pod would wait for SIGKILL. Exit, and say so.
      setTimeout(() => {
        log.error('shutdown did not finish in time; exiting', { waitedMs: shutdownTimeoutMs + shutdownGraceMs });
        process.exit(exitCodes.fatal);
      }, shutdownTimeoutMs + shutdownGraceMs).unref();
    });
  }
  return controller.signal;
}

async function run(settings: Settings, log: Logger): Promise<number> {
  const shutdown = shutdownSignal(log, settings.shutdownTimeout);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'aivenator_build_info',
    help: 'Always 1: the version running, and its Node runtime',
    labelNames: ['version', 'node_version'],
    registers: [registry],
  }).set({ version, node_version: process.version }, 1);
  const kc = loadKubeConfig(settings.kubeconfig, kubeRequestMetrics(registry));
  const manager = buildManager(settings, kc, log, registry);
  const http = await startHttpServer({ address: settings.httpAddress, registry, isReady: () => manager.isReady() });
  try {
    const access = await waitForCluster(kc, log, shutdown);
    log.info('controller ready', {
      server: access.server,
      kubernetesVersion: access.kubernetesVersion,
      httpPort: http.port,
    });
    if (settings.verifyToken) await verifyOwnToken(tokenCheckOf(settings, kc, log), shutdown);
    const outcome = await manager.run(shutdown);
    return outcome === 'lost-leadership' ? exitCodes.lostLeadership : 0;
  } catch (err) {
    if (shutdown.aborted) return 0;
    log.error('controller failed', { err: describeKubeError(err) });
    return exitCodes.fatal;
  } finally {
    await http.close();
  }
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(usage());
    return 0;
  }
  if (argv.includes('--version')) {
    process.stdout.write(`aivenator ${version}\n`);
    return 0;
  }
  let settings: Settings;
  // nais/aivenator's Deployment starts this controller as it is; each of its settings found is logged once below.
  const legacy = translateLegacySettings(argv, process.env);
  try {
    settings = loadSettings(legacy.argv, legacy.env);
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    process.stderr.write(`aivenator: ${err.message}\n`);
    return exitCodes.settings;
  }
  const log = createLogger({ format: settings.logFormat, level: settings.logLevel });
  for (const notice of legacy.notices) log.warn('a nais/aivenator setting', { notice });
  return run(settings, log);
}

process.exitCode = await main();

// Composition root: the only place that reads the environment and wires settings, logger, metrics, clients,
// caches, controllers and leader election together.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { describeSettings, loadSettings, SettingsError, type Settings } from '../config/settings.ts';
import { createAivenApplicationInformer } from './kube/aiven-applications.ts';
import { loadKubeConfig, verifyClusterAccess, type ClusterAccess } from './kube/client.ts';
import { describeKubeError } from './kube/errors.ts';
import { LeaderElector } from './kube/leader-election.ts';
import { systemClock } from './runtime/clock.ts';
import { Controller } from './runtime/controller.ts';
import { startHttpServer } from './runtime/http-server.ts';
import { createLogger, type Logger } from './runtime/log.ts';
import { Manager } from './runtime/manager.ts';
import { createRuntimeMetrics, type RuntimeMetrics } from './runtime/metrics.ts';
import { AivenApplicationReconciler } from './synchronizer/reconciler.ts';

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

function shutdownSignal(log: Logger): AbortSignal {
  const controller = new AbortController();
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    // `on`, not `once`: a second signal must not fall back to the default handler, which exits at once and
    // loses the log lines still being written.
    process.on(name, () => {
      if (controller.signal.aborted) return;
      log.info('shutting down', { signal: name });
      controller.abort(new Error(`received ${name}`));
    });
  }
  return controller.signal;
}

function buildManager(settings: Settings, kc: KubeConfig, log: Logger, metrics: RuntimeMetrics): Manager {
  const identity = `${hostname()}_${randomUUID()}`;
  const apps = createAivenApplicationInformer(kc, log);
  const controller = new Controller({
    name: 'aivenapplication',
    reconciler: new AivenApplicationReconciler(apps),
    workers: settings.workers,
    reconcileTimeoutMs: settings.reconcileTimeout,
    log,
    metrics,
    clock: systemClock,
  });
  // Level-triggered: every change (and the initial list) queues the key; the reconciler reads the current state.
  apps.onChange((app) => {
    controller.enqueue({ namespace: app.metadata.namespace ?? '', name: app.metadata.name ?? '' });
  });
  const leadership = settings.leaderElect
    ? new LeaderElector({
        kc,
        namespace: settings.leaderElectionNamespace,
        name: settings.leaderElectionId,
        identity,
        leaseDurationMs: settings.leaseDuration,
        renewDeadlineMs: settings.renewDeadline,
        retryPeriodMs: settings.retryPeriod,
        log,
        clock: systemClock,
        onLeading: (leading) => {
          metrics.leaderElectionMasterStatus.set({ name: settings.leaderElectionId }, leading ? 1 : 0);
        },
      })
    : undefined;
  return new Manager({
    caches: [apps],
    controllers: [controller],
    leadership,
    shutdownTimeoutMs: settings.shutdownTimeout,
    log,
  });
}

async function run(settings: Settings, log: Logger): Promise<number> {
  const shutdown = shutdownSignal(log);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const kc = loadKubeConfig(settings.kubeconfig);
  const manager = buildManager(settings, kc, log, createRuntimeMetrics(registry));
  const http = await startHttpServer({ address: settings.httpAddress, registry, isReady: () => manager.isReady() });
  try {
    const access = await waitForCluster(kc, log, shutdown);
    log.info('controller ready', {
      server: access.server,
      kubernetesVersion: access.kubernetesVersion,
      httpPort: http.port,
    });
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
  let settings: Settings;
  try {
    settings = loadSettings(process.argv.slice(2), process.env);
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    process.stderr.write(`aivenator: ${err.message}\nsettings:\n  ${describeSettings()}\n`);
    return exitCodes.settings;
  }
  return run(settings, createLogger({ format: settings.logFormat, level: settings.logLevel }));
}

process.exitCode = await main();

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
import { GenerationFilter } from './runtime/generation-filter.ts';
import { startHttpServer } from './runtime/http-server.ts';
import { createLogger, type Logger } from './runtime/log.ts';
import { Manager } from './runtime/manager.ts';
import { createRuntimeMetrics, type RuntimeMetrics } from './runtime/metrics.ts';
import type { V1Secret } from '@kubernetes/client-node';
import type { AivenApplication } from './api/aiven-application.ts';
import { AivenClientPool } from './aiven/client-pool.ts';
import { createAivenMetrics } from './aiven/metrics.ts';
import { defaultRetryPolicy } from './aiven/retry-policy.ts';
import { deleteApp, patchAppStatus } from './kube/app-status.ts';
import { EventRecorder } from './kube/events.ts';
import type { Informer } from './kube/informer.ts';
import { createInstanceRegistry } from './kube/instances.ts';
import { SecretStore } from './kube/secret-store.ts';
import { createManagedSecretInformer } from './kube/secrets.ts';
import { createHandlers } from './registry.ts';
import { AivenApplicationReconciler } from './synchronizer/reconciler.ts';
import { appOfSecret } from './synchronizer/ownership.ts';

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

interface Caches {
  readonly apps: Informer<AivenApplication>;
  readonly secrets: Informer<V1Secret>;
}

function buildReconciler(
  settings: Settings,
  kc: KubeConfig,
  caches: Caches,
  shared: { registry: Registry; log: Logger },
) {
  const { registry, log } = shared;
  const clients = new AivenClientPool({
    baseUrl: settings.aivenUrl,
    retry: defaultRetryPolicy,
    metrics: createAivenMetrics(registry),
    clock: systemClock,
    caTtlMs: 3_600_000,
    connectionTtlMs: 300_000,
  });
  const token = settings.aivenToken;
  const events = new EventRecorder(kc, hostname(), log);
  const where = (app: AivenApplication) => ({ namespace: app.metadata.namespace ?? '', name: app.metadata.name ?? '' });
  return new AivenApplicationReconciler({
    apps: caches.apps,
    managedSecrets: caches.secrets,
    handlers: createHandlers(),
    aivenFor: () => (token ? clients.forToken(token) : undefined),
    secrets: new SecretStore(kc),
    instances: createInstanceRegistry(kc),
    config: { mainProject: settings.mainProject, kafkaPools: settings.kafkaPools },
    writeStatus: (app, status, signal) => patchAppStatus(kc, where(app), status, signal),
    deleteApp: (app, signal) => deleteApp(kc, where(app), signal),
    userGracePeriodMs: settings.userGracePeriod,
    event: (app, event) =>
      events.record(
        { apiVersion: app.apiVersion, kind: app.kind, ...where(app), uid: app.metadata.uid ?? '' },
        { ...event, action: 'Synchronize' },
      ),
  });
}

function buildLeadership(
  settings: Settings,
  kc: KubeConfig,
  log: Logger,
  metrics: RuntimeMetrics,
): LeaderElector | undefined {
  if (!settings.leaderElect) return undefined;
  return new LeaderElector({
    kc,
    namespace: settings.leaderElectionNamespace,
    name: settings.leaderElectionId,
    identity: `${hostname()}_${randomUUID()}`,
    leaseDurationMs: settings.leaseDuration,
    renewDeadlineMs: settings.renewDeadline,
    retryPeriodMs: settings.retryPeriod,
    log,
    clock: systemClock,
    onLeading: (leading) => {
      metrics.leaderElectionMasterStatus.set({ name: settings.leaderElectionId }, leading ? 1 : 0);
    },
  });
}

function buildManager(settings: Settings, kc: KubeConfig, log: Logger, registry: Registry): Manager {
  const metrics = createRuntimeMetrics(registry);
  const apps = createAivenApplicationInformer(kc, log, settings.watchNamespace);
  const secrets = createManagedSecretInformer(kc, log, settings.watchNamespace);
  const controller = new Controller({
    name: 'aivenapplication',
    reconciler: buildReconciler(settings, kc, { apps, secrets }, { registry, log }),
    workers: settings.workers,
    reconcileTimeoutMs: settings.reconcileTimeout,
    log,
    metrics,
    clock: systemClock,
  });
  // Level-triggered: every spec change (and the initial list) queues the key; the reconciler reads the current state.
  const appChanges = new GenerationFilter();
  apps.onChange((app, kind) => {
    if (appChanges.admit(app, kind))
      controller.enqueue({ namespace: app.metadata.namespace ?? '', name: app.metadata.name ?? '' });
  });
  // A managed secret that changes or goes away queues its app, which re-creates what is missing.
  secrets.onChange((secret) => {
    const owner = appOfSecret(secret);
    if (owner) controller.enqueue(owner);
  });
  const leadership = buildLeadership(settings, kc, log, metrics);
  return new Manager({
    caches: [apps, secrets],
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
  const manager = buildManager(settings, kc, log, registry);
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

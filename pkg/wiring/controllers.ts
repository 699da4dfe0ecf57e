// The controllers of one process and how they are wired: which cache change queues which key, what each reconciler
// is given. Part of the composition root (main.ts runs the process; this builds what it runs).
import { hostname } from 'node:os';
import type { Registry } from 'prom-client';
import type { Settings } from '../../config/settings.ts';
import type { AivenApplication } from '../api/aiven-application.ts';
import type { AivenTokens } from '../aiven/app-tokens.ts';
import { createUntrustedRecordCounter, registerCleanupMetrics } from '../finalizer/metrics.ts';
import { needsCleanup, SecretFinalizer } from '../finalizer/reconciler.ts';
import type { Handler, HandlerConfig, InstanceRegistry, KubernetesAccess } from '../handler/types.ts';
import { KubernetesAccessStore } from '../kube/access.ts';
import { JanitorMetrics } from '../janitor/metrics.ts';
import { SecretJanitor } from '../janitor/reconciler.ts';
import { createAivenApplicationInformer } from '../kube/aiven-applications.ts';
import { deleteApp, patchAppStatus } from '../kube/app-status.ts';
import type { loadKubeConfig } from '../kube/client.ts';
import { EventRecorder } from '../kube/events.ts';
import { createInstanceRegistry } from '../kube/instances.ts';
import { SecretLifecycle } from '../kube/secret-lifecycle.ts';
import { SecretStore } from '../kube/secret-store.ts';
import { createManagedSecretInformer } from '../kube/secrets.ts';
import { WorkloadReader } from '../kube/workloads.ts';
import { createHandlers } from './registry.ts';
import { buildRecordTrust, createRecordKeyCache, ensureKeyRing, watchKeyRing } from './records.ts';
import { LedgerIndex } from '../secret/ledger-index.ts';
import { secretAnnotations } from '../secret/labels.ts';
import { appOfSecret } from '../secret/ownership.ts';
import { ProvisioningSecrets } from '../secret/provisioning.ts';
import type { RecordTrust } from '../secret/trust.ts';
import { allCaches, buildTokens, tokenCaches, watchTokens, type Caches } from './tokens.ts';
import { systemClock } from '../runtime/clock.ts';
import { Controller, objectKeyOf, type Reconciler } from '../runtime/controller.ts';
import { GenerationFilter } from '../runtime/generation-filter.ts';
import type { Logger } from '../runtime/log.ts';
import { Manager } from '../runtime/manager.ts';
import { createRuntimeMetrics } from '../runtime/metrics.ts';
import { DriftMarks, driftKey } from '../synchronizer/drift.ts';
import { buildDrift } from './drift.ts';
import { buildLeadership } from './leadership.ts';
import { appReference } from './references.ts';
import { SyncMetrics } from '../synchronizer/metrics.ts';
import { AivenApplicationReconciler } from '../synchronizer/reconciler.ts';

type KubeConfig = ReturnType<typeof loadKubeConfig>;

/** What the three controllers share: one Aiven client per token, one set of handlers (their locks), one recorder. */
interface Shared {
  readonly settings: Settings;
  readonly kc: KubeConfig;
  readonly caches: Caches;
  readonly handlers: readonly Handler[];
  /** Which managed secrets name each recorded user, kept from the managed-secret cache. */
  readonly ledgerIndex: LedgerIndex;
  /** Signs the records the synchronizer writes; says which part of a record may be acted on. */
  readonly trust: RecordTrust;
  readonly tokens: AivenTokens;
  readonly events: EventRecorder;
  readonly instances: InstanceRegistry;
  /** The Kubernetes API as the access handler uses it. */
  readonly kubernetes: KubernetesAccess;
  /** Apps drift detection found with a user gone, for the synchronizer. */
  readonly drift: DriftMarks;
  /** Secrets a synchronization is provisioning users for, which the finalizer waits for. */
  readonly provisioning: ProvisioningSecrets;
}

const handlerConfigOf = (settings: Settings): HandlerConfig => ({
  mainProject: settings.mainProject,
  kafkaPools: settings.kafkaPools,
  kubernetes: {
    enabled: settings.kubernetesAccess,
    namespaces: settings.kubernetesNamespaces,
    deniedResources: settings.kubernetesDeniedResources,
    deniedApiGroups: settings.kubernetesDeniedApiGroups,
    deniedVerbs: settings.kubernetesDeniedVerbs,
  },
});

/** How long after an app's synchronization (or deletion) the janitor looks: a burst of syncs makes one pass. */
const janitorSettleMs = 2000;
const janitorWorkers = 2;

function buildSynchronizer(shared: Shared, onSynchronized: (app: AivenApplication) => void, registry: Registry) {
  const { settings, kc, caches, events } = shared;
  return new AivenApplicationReconciler({
    apps: caches.apps,
    managedSecrets: caches.secrets,
    ledgerIndex: shared.ledgerIndex,
    trust: shared.trust,
    handlers: shared.handlers,
    aivenFor: (app, signal) => shared.tokens.forApp(app, signal),
    aivenForRecorded: (source, namespace, signal) => shared.tokens.forRecorded(source, namespace, signal),
    synchronized: onSynchronized,
    provisioning: shared.provisioning,
    secrets: new SecretStore(kc),
    instances: shared.instances,
    config: handlerConfigOf(settings),
    kubernetes: shared.kubernetes,
    writeStatus: (app, status, signal) => patchAppStatus(kc, objectKeyOf(app), status, signal),
    deleteApp: (app, signal) => deleteApp(kc, objectKeyOf(app), signal),
    userGracePeriodMs: settings.userGracePeriod,
    metrics: new SyncMetrics(registry),
    drift: shared.drift,
    event: (app, event) => events.record(appReference(app), { ...event, action: 'Synchronize' }),
  });
}

function buildFinalizer(shared: Shared, lifecycle: SecretLifecycle, registry: Registry): SecretFinalizer {
  const { settings, caches, events } = shared;
  return new SecretFinalizer({
    secrets: caches.secrets,
    ledgerIndex: shared.ledgerIndex,
    trust: shared.trust,
    provisioning: shared.provisioning,
    handlers: shared.handlers,
    kubernetes: shared.kubernetes,
    aivenFor: (source, namespace, signal) => shared.tokens.forRecorded(source, namespace, signal),
    distrust: (source, namespace) => shared.tokens.distrust(source, namespace),
    untrusted: createUntrustedRecordCounter(registry),
    removeFinalizer: (secret, finalizer, signal) => lifecycle.removeFinalizer(secret, finalizer, signal),
    event: (secret, event) =>
      events.record(
        { apiVersion: 'v1', kind: 'Secret', ...objectKeyOf(secret), uid: secret.metadata?.uid ?? '' },
        { ...event, action: 'Finalize' },
      ),
    permanentRetryMs: settings.cleanupRetryInterval,
  });
}

function buildJanitor(shared: Shared, lifecycle: SecretLifecycle, registry: Registry): SecretJanitor {
  const workloads = new WorkloadReader(shared.kc);
  return new SecretJanitor({
    secrets: shared.caches.secrets,
    apps: shared.caches.apps,
    handlers: shared.handlers,
    podSpecs: (namespace, signal) => workloads.podSpecs(namespace, signal),
    deleteSecret: (secret, signal) => lifecycle.deleteUnchanged(secret, signal),
    dryRun: shared.settings.janitorDryRun,
    intervalMs: shared.settings.janitorInterval,
    jitter: Math.random,
    metrics: new JanitorMetrics(registry),
  });
}

function buildShared(settings: Settings, kc: KubeConfig, caches: Caches, shared: { registry: Registry; log: Logger }) {
  const events = new EventRecorder(kc, hostname(), shared.log);
  const tokens = buildTokens(settings, caches, shared.registry);
  const handlers = createHandlers();
  const trust = buildRecordTrust(settings, caches.recordKeys, handlers, shared.log);
  const ledgerIndex = new LedgerIndex(handlers, (secret) => trust.of(secret).annotations);
  caches.secrets.onChange((secret, kind) => {
    ledgerIndex.observe(secret, kind);
  });
  const instances = createInstanceRegistry(kc);
  const kubernetes = new KubernetesAccessStore(kc, settings.kubernetesServer);
  const drift = new DriftMarks();
  const provisioning = new ProvisioningSecrets();
  return {
    settings,
    kc,
    caches,
    handlers,
    ledgerIndex,
    trust,
    tokens,
    events,
    instances,
    kubernetes,
    drift,
    provisioning,
  };
}

/** The janitor looks at the app's namespace shortly; a burst of syncs there makes one pass. */
const lookSoon = (janitor: Controller, app: AivenApplication): void => {
  janitor.enqueueAfter({ name: app.metadata.namespace ?? '' }, janitorSettleMs);
};

/** Which cache change queues which key. */
function watch(
  caches: Caches,
  controllers: { synchronizer: Controller; finalizer: Controller; janitor: Controller },
  janitorIntervalMs: number,
): void {
  const { apps, secrets } = caches;
  const { synchronizer, finalizer, janitor } = controllers;
  // Level-triggered: every spec change (and the initial list) queues the key; the reconciler reads the current state.
  const appChanges = new GenerationFilter();
  apps.onChange((app, kind) => {
    if (appChanges.admit(app, kind)) synchronizer.enqueue(objectKeyOf(app));
    if (kind === 'delete') lookSoon(janitor, app); // its secrets may be unused now
  });
  secrets.onChange((secret, kind) => {
    // A managed secret that goes away queues its app, which re-creates it. Other changes do not: most are our own
    // writes, and a queued app would run its failed attempt once more.
    // A secret's deletion, or replaced users on it, concern its app; a deleted app's replaced users are its key's
    // too (the synchronizer retires them), also after a restart, when only the secret's `add` says so.
    const concernsApp = kind === 'delete' || secretAnnotations.retired in (secret.metadata?.annotations ?? {});
    const owner = concernsApp ? appOfSecret(secret) : undefined;
    if (owner) synchronizer.enqueue(owner);
    if (needsCleanup(secret)) finalizer.enqueue(objectKeyOf(secret));
    // A namespace with managed secrets gets a periodic look; each pass schedules the next.
    if (kind === 'add') janitor.enqueueAfter({ name: secret.metadata?.namespace ?? '' }, janitorIntervalMs);
  });
}

function buildCaches(settings: Settings, kc: KubeConfig, log: Logger): Caches {
  const apps = createAivenApplicationInformer(kc, log, settings.watchNamespace);
  const secrets = createManagedSecretInformer(kc, log, settings.watchNamespace);
  const recordKeys = createRecordKeyCache(kc, log, settings);
  return tokenCaches(settings, kc, log, { apps, secrets, recordKeys });
}

type ControllerOf = (name: string, reconciler: Reconciler, workers: number) => Controller;

/** The four controllers, wired to each other only through their queues. */
function buildControllers(shared: Shared, registry: Registry, controllerOf: ControllerOf) {
  const { settings, kc } = shared;
  const lifecycle = new SecretLifecycle(kc);
  const janitor = controllerOf('secret-janitor', buildJanitor(shared, lifecycle, registry), janitorWorkers);
  const onSynchronized = (app: AivenApplication) => {
    lookSoon(janitor, app);
  };
  const synchronizer = controllerOf(
    'aivenapplication',
    buildSynchronizer(shared, onSynchronized, registry),
    settings.workers,
  );
  const finalizer = controllerOf('secret-finalizer', buildFinalizer(shared, lifecycle, registry), settings.workers);
  const resynchronize = (app: AivenApplication) => {
    synchronizer.enqueue(objectKeyOf(app));
  };
  const drift = controllerOf('drift-detector', buildDrift(shared, registry, resynchronize), 1);
  // The first pass one period after start: a restart is not drift, and costs no Aiven call.
  if (settings.driftPeriod > 0) drift.enqueueAfter(driftKey, settings.driftPeriod);
  return { synchronizer, finalizer, janitor, drift };
}

export function buildManager(settings: Settings, kc: KubeConfig, log: Logger, registry: Registry): Manager {
  const metrics = createRuntimeMetrics(registry);
  const caches = buildCaches(settings, kc, log);
  const { apps, secrets, recordKeys } = caches;
  const shared = buildShared(settings, kc, caches, { registry, log });
  const controllerOf: ControllerOf = (name, reconciler, workers) =>
    new Controller({
      name,
      reconciler,
      workers,
      reconcileTimeoutMs: settings.reconcileTimeout,
      log,
      metrics,
      clock: systemClock,
    });
  const { synchronizer, finalizer, janitor, drift } = buildControllers(shared, registry, controllerOf);
  registerCleanupMetrics(registry, secrets, systemClock);
  watch(caches, { synchronizer, finalizer, janitor }, settings.janitorInterval);
  watchTokens(caches, synchronizer, log);
  const keyRing = { settings, cache: recordKeys, store: new SecretStore(kc), clock: systemClock, log };
  watchKeyRing({ ...keyRing, secrets, apps, ledgerIndex: shared.ledgerIndex, synchronizer });
  return new Manager({
    caches: allCaches(caches),
    controllers: [synchronizer, finalizer, janitor, drift],
    leadership: buildLeadership(settings, kc, log, metrics),
    prepare: (signal) => ensureKeyRing(keyRing, signal),
    // Repeated events are counted in memory between writes; a graceful stop writes those counts.
    drained: () => shared.events.stop(),
    shutdownTimeoutMs: settings.shutdownTimeout,
    log,
  });
}

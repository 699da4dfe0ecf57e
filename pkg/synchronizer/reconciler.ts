// The AivenApplication reconciler: gather (the app and its secrets from the caches), plan (plan.ts, pure: expired?
// waiting? up to date? which replaced users are due?), act (handlers through a SyncRun, then status). A no-op
// reconcile makes no Aiven call and no write.
import type { V1Secret } from '@kubernetes/client-node';
import type { AivenApplication, AivenApplicationStatus } from '../api/aiven-application.ts';
import type { AivenAccess } from '../aiven/app-tokens.ts';
import type { Handler } from '../handler/types.ts';
import {
  keyOf,
  objectKeyOf,
  type ObjectKey,
  type ReconcileContext,
  type ReconcileResult,
  type Reconciler,
} from '../runtime/controller.ts';
import { PermanentError, TransientError } from '../runtime/errors.ts';
import type { ObjectCache } from '../runtime/object-cache.ts';
import { secretAnnotations } from '../secret/labels.ts';
import type { LedgerIndex } from '../secret/ledger-index.ts';
import { commonLabelsOn, commonMetadata } from '../secret/metadata.ts';
import type { ProvisioningSecrets } from '../secret/provisioning.ts';
import { gatherFacts } from './facts.ts';
import { synchronizedOutcome } from './outcomes.ts';
import type { DriftMarks } from './drift.ts';
import type { ProcessingReason, SyncMetrics, SyncState } from './metrics.ts';
import { planLeftBehind } from './left-behind.ts';
import { planSync, type RecordedSecret, type SyncPlan, type SyncView } from './plan.ts';
import { retireUsers, rewriteRecord } from './retire.ts';
import { SyncRun, type RunDeps } from './run.ts';
import { nextStatus, type ServiceOutcome } from './status.ts';
import { explainRejections, tokenProblemOutcomes } from './token-outcomes.ts';

export interface SynchronizerDeps extends RunDeps {
  readonly apps: ObjectCache<AivenApplication>;
  /** Managed secrets only (label-selected). */
  readonly managedSecrets: ObjectCache<V1Secret>;
  /** Which managed secrets name each recorded user. */
  readonly ledgerIndex: LedgerIndex;
  /** Every handler in the registry (each reads its part of a secret's ledger). */
  readonly handlers: readonly Handler[];
  /** The Aiven client for an app's token, or why there is none. */
  readonly aivenFor: (app: AivenApplication, signal: AbortSignal) => Promise<AivenAccess>;
  /** The client for the token source a secret in `namespace` records (a deleted app's kept secret), as cleanup uses. */
  readonly aivenForRecorded: (
    tokenSource: string | undefined,
    namespace: string,
    signal: AbortSignal,
  ) => Promise<AivenAccess>;
  /** Held for each synchronization's secrets while it runs: their finalizer waits, as users may still be created. */
  readonly provisioning: Pick<ProvisioningSecrets, 'hold'>;
  /** Told after each synchronization that wrote the app's secrets (the janitor looks for ones no longer needed). */
  readonly synchronized: (app: AivenApplication) => void;
  readonly writeStatus: (app: AivenApplication, status: AivenApplicationStatus, signal: AbortSignal) => Promise<void>;
  readonly deleteApp: (app: AivenApplication, signal: AbortSignal) => Promise<void>;
  /** How long a replaced user is kept before it is deleted. */
  readonly userGracePeriodMs: number;
  readonly metrics: SyncMetrics;
  /** Apps drift detection found with a user gone: synchronized although up to date. */
  readonly drift: DriftMarks;
  /** Records a Kubernetes event about the app; never fails the reconcile. */
  readonly event: (
    app: AivenApplication,
    event: { type: 'Normal' | 'Warning'; reason: string; note: string },
  ) => Promise<void>;
}

/** The state an app's status holds, as nais/aivenator's metrics label it. */
const stateOf = (app: AivenApplication): SyncState => {
  const state = app.status?.synchronizationState;
  return state === 'RolloutComplete' || state === 'RolloutFailed' ? state : 'unknown';
};

/** After the status is written: retry what may succeed later, wait for a change on what cannot. */
function failure(outcomes: readonly ServiceOutcome[]): Error | undefined {
  const failed = outcomes.filter((o) => !o.ok);
  if (failed.length === 0) return undefined;
  const message = failed.map((o) => `${o.service}: ${o.message}`).join('; ');
  const transient = failed.find((o) => o.permanent !== true);
  return transient
    ? new TransientError(transient.reason, message)
    : new PermanentError(failed[0]?.reason ?? 'Failed', message);
}

/** A synchronization to make: what the plan decided, and the token resolved for it. */
interface Work {
  readonly handlers: readonly Handler[];
  readonly targets: readonly string[];
  readonly hash: string;
  readonly access: AivenAccess;
}

export class AivenApplicationReconciler implements Reconciler {
  readonly #deps: SynchronizerDeps;
  /**
   * The hash this process last synchronized, per app uid. Our own writes (secret, status) queue the app again
   * before the cache has seen the new status; this keeps that stale status from causing a second synchronization.
   */
  readonly #synced = new Map<string, { readonly uid: string; readonly hash: string }>();

  constructor(deps: SynchronizerDeps) {
    this.#deps = deps;
  }

  async reconcile(key: ObjectKey, ctx: ReconcileContext): Promise<ReconcileResult> {
    const app = this.#deps.apps.get(key.name, key.namespace);
    if (!app) {
      this.#synced.delete(keyOf(key)); // the app is gone: so is what we remember of it
      this.#deps.drift.delete(key);
      return this.#retireLeftBehind(key, ctx);
    }
    const handlers = this.#deps.handlers.filter((h) => h.requested(app));
    const plan = planSync(this.#view(app, handlers, ctx.clock.now()));
    if (plan.action === 'delete-expired') {
      await this.#deps.deleteApp(app, ctx.signal);
      ctx.log.info('application expired and was deleted', { expiresAt: app.spec.expiresAt });
      const note = `expiresAt ${app.spec.expiresAt ?? ''} has passed: the application was deleted`;
      await this.#deps.event(app, { type: 'Normal', reason: 'Expired', note });
      this.#deps.metrics.processed(stateOf(app));
      return {};
    }
    if (plan.action === 'wait-for-deletion') {
      ctx.log.info('waiting for a secret being deleted', { secretName: plan.secretName });
      this.#deps.metrics.processed(stateOf(app));
      return {};
    }
    await this.#converge(app, { ...plan, handlers }, ctx);
    if (plan.action === 'up-to-date') this.#deps.metrics.processed(plan.report ? 'RolloutComplete' : stateOf(app));
    return plan.requeueAfterMs === undefined ? {} : { requeueAfterMs: plan.requeueAfterMs };
  }

  /** Deletes the due replaced users, then synchronizes if the plan says so, with one token resolution for both. */
  async #converge(
    app: AivenApplication,
    plan: Extract<SyncPlan, { hash: string }> & { readonly handlers: readonly Handler[] },
    ctx: ReconcileContext,
  ): Promise<void> {
    const synchronize = plan.action === 'synchronize';
    for (const recorded of plan.resign) await this.#resign(app, recorded, ctx);
    if (plan.report) await this.#report(app, plan, ctx);
    if (!synchronize && plan.retire.length === 0) return; // no Aiven call, no write
    const access = await this.#deps.aivenFor(app, ctx.signal);
    // Without a usable token due users wait; the synchronization reports the token's problem.
    const labels = commonMetadata(app).labels;
    if (access.ok) for (const due of plan.retire) await retireUsers({ labels, ...due }, this.#deps, access, ctx);
    if (synchronize) await this.#synchronizeAndReport(app, { ...plan, access }, ctx);
  }

  /**
   * An up-to-date app whose status another controller wrote (nais/aivenator, before a migration): this controller's
   * conditions, in one status write, with no Aiven call and no secret write. Its secrets are in place (the plan saw
   * each in the cache), so each requested service is reported synchronized.
   */
  async #report(app: AivenApplication, plan: Omit<Work, 'access'>, ctx: ReconcileContext): Promise<void> {
    const outcomes = plan.handlers.map((h) => synchronizedOutcome(h, h.secretNames(app)));
    await this.#deps.writeStatus(app, nextStatus(app, outcomes, plan.hash, new Date(ctx.clock.now())), ctx.signal);
    this.#synced.set(keyOf(objectKeyOf(app)), { uid: app.metadata.uid ?? '', hash: plan.hash });
    ctx.log.info('status reported for an application synchronized before', { secretNames: plan.targets.join(',') });
  }

  /** After a key rotation: the same record, signed with the newest key; no Aiven call. */
  async #resign(app: AivenApplication, recorded: RecordedSecret, ctx: ReconcileContext): Promise<void> {
    const { secret } = recorded;
    await rewriteRecord({ labels: commonMetadata(app).labels, ...recorded }, this.#deps, ctx.signal);
    ctx.log.info('record signed again with the newest key', { secretName: secret.metadata?.name });
  }

  /**
   * A deleted app's secrets the janitor keeps: their replaced users are deleted when their grace ends, with the token
   * each secret records (as its cleanup would use), and the app's key is looked at again when the next one is due.
   */
  async #retireLeftBehind(key: ObjectKey, ctx: ReconcileContext): Promise<ReconcileResult> {
    const plan = planLeftBehind({
      app: key,
      secrets: this.#deps.managedSecrets.list(key.namespace),
      record: (secret) => this.#deps.trust.of(secret),
      now: ctx.clock.now(),
      userGracePeriodMs: this.#deps.userGracePeriodMs,
    });
    for (const due of plan.retire) {
      const tokenSource = due.annotations[secretAnnotations.tokenSource];
      const access = await this.#deps.aivenForRecorded(tokenSource, key.namespace ?? '', ctx.signal);
      // Without a usable token the users wait for the secret's own cleanup, which reports the token's problem.
      if (!access.ok) continue;
      await retireUsers({ ...due, labels: commonLabelsOn(due.secret.metadata?.labels ?? {}) }, this.#deps, access, ctx);
    }
    return plan.requeueAfterMs === undefined ? {} : { requeueAfterMs: plan.requeueAfterMs };
  }

  /** What the plan is decided on: the app, the cache, and what this process remembers. */
  #view(app: AivenApplication, handlers: readonly Handler[], now: number): SyncView {
    const remembered = this.#synced.get(keyOf(objectKeyOf(app)));
    return {
      app,
      now,
      handlers,
      cached: (name) => this.#deps.managedSecrets.get(name, app.metadata.namespace),
      managedInNamespace: () => this.#deps.managedSecrets.list(app.metadata.namespace),
      record: (secret) => this.#deps.trust.of(secret),
      remembered: remembered?.uid === app.metadata.uid ? remembered?.hash : undefined,
      userGracePeriodMs: this.#deps.userGracePeriodMs,
      drifted: this.#deps.drift.has(objectKeyOf(app)),
    };
  }

  async #synchronizeAndReport(
    app: AivenApplication,
    work: Work & { readonly reason?: ProcessingReason },
    ctx: ReconcileContext,
  ): Promise<void> {
    const { targets, hash } = work;
    const started = ctx.clock.now();
    const outcomes = await this.#synchronize(app, work, ctx);
    await this.#deps.writeStatus(app, nextStatus(app, outcomes, hash, new Date(ctx.clock.now())), ctx.signal);
    const failed = failure(outcomes);
    const state = failed ? 'RolloutFailed' : 'RolloutComplete';
    this.#deps.metrics.synchronized(state, (ctx.clock.now() - started) / 1000, work.reason ?? 'HashChanged');
    this.#deps.metrics.processed(state, failed instanceof TransientError);
    await this.#deps.event(
      app,
      failed
        ? { type: 'Warning', reason: 'SyncFailed', note: failed.message }
        : { type: 'Normal', reason: 'Synchronized', note: `credentials written to ${targets.join(', ')}` },
    );
    if (failed) throw failed;
    this.#synced.set(keyOf(objectKeyOf(app)), { uid: app.metadata.uid ?? '', hash });
    this.#deps.drift.delete(objectKeyOf(app));
    this.#deps.synchronized(app);
    ctx.log.info('synchronized', {
      services: outcomes.map((o) => o.service).join(','),
      secretNames: targets.join(','),
    });
  }

  async #synchronize(app: AivenApplication, work: Work, ctx: ReconcileContext): Promise<ServiceOutcome[]> {
    const { handlers, targets, access: aiven } = work;
    if (!aiven.ok) return tokenProblemOutcomes(handlers, aiven);
    const facts = await gatherFacts(
      app,
      handlers,
      { registry: this.#deps.instances, config: this.#deps.config },
      ctx.signal,
    );
    const run = new SyncRun(app, { ...this.#deps, readers: this.#deps.handlers }, ctx, aiven);
    // Held before the secrets are read: a deletion after this waits for the run; one before it, the run sees.
    const release = this.#deps.provisioning.hold(app.metadata.namespace ?? '', targets);
    const { outcomes, writes } = await run
      .load(targets)
      .then(() => run.run(handlers, facts))
      .finally(release);
    ctx.log.debug('secrets written', { writes });
    return explainRejections(outcomes, aiven, await this.#deps.aivenFor(app, ctx.signal));
  }
}

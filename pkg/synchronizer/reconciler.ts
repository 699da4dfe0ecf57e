// The AivenApplication reconciler: gather (the app and its secrets from the caches), decide (up to date? expired?
// allowed?), act (handlers through a SyncRun, then status). A no-op reconcile makes no Aiven call and no write.
import type { V1Secret } from '@kubernetes/client-node';
import type { AivenApplication, AivenApplicationStatus } from '../api/aiven-application.ts';
import type { AivenAccess } from '../aiven/tokens.ts';
import { requestedSecretNames } from '../handler/secret-names.ts';
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
import { isTerminating, ownershipOf } from '../secret/ownership.ts';
import { planRetired, type RetiredPlan } from '../secret/retired.ts';
import { gatherFacts } from './facts.ts';
import { specHash } from './hash.ts';
import { retireUsers } from './retire.ts';
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
  readonly aivenFor: (app: AivenApplication) => AivenAccess;
  /** Told after each synchronization that wrote the app's secrets (the janitor looks for ones no longer needed). */
  readonly synchronized: (app: AivenApplication) => void;
  readonly writeStatus: (app: AivenApplication, status: AivenApplicationStatus, signal: AbortSignal) => Promise<void>;
  readonly deleteApp: (app: AivenApplication, signal: AbortSignal) => Promise<void>;
  /** How long a replaced user is kept before it is deleted. */
  readonly userGracePeriodMs: number;
  /** Records a Kubernetes event about the app; never fails the reconcile. */
  readonly event: (
    app: AivenApplication,
    event: { type: 'Normal' | 'Warning'; reason: string; note: string },
  ) => Promise<void>;
}

const isExpired = (app: AivenApplication, now: number): boolean =>
  app.spec.expiresAt !== undefined && Date.parse(app.spec.expiresAt) < now;

/** Timers cannot wait longer than 2^31-1 ms; a look once a day until then costs nothing (no-op reconcile). */
const maxRequeueMs = 86_400_000;

/** The sooner of two optional delays. */
const sooner = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);

/** When to look again so an app is deleted at its expiresAt, not at the next event that happens to queue it. */
function untilExpiry(app: AivenApplication, now: number): number | undefined {
  if (app.spec.expiresAt === undefined) return undefined;
  return Math.max(0, Date.parse(app.spec.expiresAt) - now) + 1000;
}

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
      return {};
    }
    if (isExpired(app, ctx.clock.now())) {
      await this.#deps.deleteApp(app, ctx.signal);
      ctx.log.info('application expired and was deleted', { expiresAt: app.spec.expiresAt });
      return {};
    }
    const handlers = this.#deps.handlers.filter((h) => h.requested(app));
    const targets = requestedSecretNames(handlers, app);
    const deleting = targets.find((name) => this.#isDeleting(name, app));
    if (deleting) {
      // Writing now would record users on a secret whose cleanup is under way; its deletion queues the app again.
      ctx.log.info('waiting for a secret being deleted', { secretName: deleting });
      return {};
    }
    const hash = specHash(app.spec);
    const nextLook = sooner(await this.#retireDue(app, targets, ctx), untilExpiry(app, ctx.clock.now()));
    const result = nextLook === undefined ? {} : { requeueAfterMs: Math.min(nextLook, maxRequeueMs) };
    if (this.#isUpToDate(app, hash, targets)) return result; // no Aiven call, no write (unless a replaced user was due)
    await this.#synchronizeAndReport(app, { handlers, targets, hash }, ctx);
    // A user this synchronization replaced is due after the grace period: look again then (a no-op otherwise).
    return { requeueAfterMs: Math.min(nextLook ?? maxRequeueMs, this.#deps.userGracePeriodMs, maxRequeueMs) };
  }

  async #synchronizeAndReport(
    app: AivenApplication,
    work: { handlers: readonly Handler[]; targets: readonly string[]; hash: string },
    ctx: ReconcileContext,
  ): Promise<void> {
    const { handlers, targets, hash } = work;
    const outcomes = await this.#synchronize(app, handlers, targets, ctx);
    await this.#deps.writeStatus(app, nextStatus(app, outcomes, hash, new Date(ctx.clock.now())), ctx.signal);
    const failed = failure(outcomes);
    await this.#deps.event(
      app,
      failed
        ? { type: 'Warning', reason: 'SyncFailed', note: failed.message }
        : { type: 'Normal', reason: 'Synchronized', note: `credentials written to ${targets.join(', ')}` },
    );
    if (failed) throw failed;
    this.#synced.set(keyOf(objectKeyOf(app)), { uid: app.metadata.uid ?? '', hash });
    this.#deps.synchronized(app);
    ctx.log.info('synchronized', {
      services: outcomes.map((o) => o.service).join(','),
      secretNames: targets.join(','),
    });
  }

  #isDeleting(name: string, app: AivenApplication): boolean {
    const secret = this.#deps.managedSecrets.get(name, app.metadata.namespace);
    return secret !== undefined && isTerminating(secret);
  }

  /** This spec was synchronized (as the status says, or as this process remembers) and every secret exists. */
  #isUpToDate(app: AivenApplication, hash: string, targets: readonly string[]): boolean {
    const remembered = this.#synced.get(keyOf(objectKeyOf(app)));
    const hashSynced =
      app.status?.synchronizationHash === hash ||
      (remembered !== undefined && remembered.uid === app.metadata.uid && remembered.hash === hash);
    return hashSynced && targets.every((name) => this.#deps.managedSecrets.get(name, app.metadata.namespace));
  }

  /** Deletes replaced users whose grace is over; returns when the next one is due, if any. */
  async #retireDue(
    app: AivenApplication,
    targets: readonly string[],
    ctx: ReconcileContext,
  ): Promise<number | undefined> {
    let next: number | undefined;
    for (const name of targets) {
      const secret = this.#deps.managedSecrets.get(name, app.metadata.namespace);
      if (!secret || ownershipOf(secret.metadata, app).kind !== 'ours') continue;
      const plan = planRetired(
        secret.metadata?.annotations?.[secretAnnotations.retired],
        ctx.clock.now(),
        this.#deps.userGracePeriodMs,
      );
      if (plan.due.length > 0) await this.#retire(app, secret, plan, ctx);
      next = sooner(next, plan.nextInMs);
    }
    return next;
  }

  /** Without a usable token the due users wait: the synchronization that follows reports the token's problem. */
  async #retire(app: AivenApplication, secret: V1Secret, plan: RetiredPlan, ctx: ReconcileContext): Promise<void> {
    const aiven = this.#deps.aivenFor(app);
    if (aiven.ok) await retireUsers({ app, secret, plan }, this.#deps, aiven, ctx);
  }

  async #synchronize(
    app: AivenApplication,
    handlers: readonly Handler[],
    targets: readonly string[],
    ctx: ReconcileContext,
  ): Promise<ServiceOutcome[]> {
    const aiven = this.#deps.aivenFor(app);
    if (!aiven.ok) return tokenProblemOutcomes(handlers, aiven);
    const facts = await gatherFacts(
      app,
      handlers,
      { registry: this.#deps.instances, config: this.#deps.config },
      ctx.signal,
    );
    const run = new SyncRun(app, { ...this.#deps, readers: this.#deps.handlers }, ctx, aiven);
    await run.load(targets);
    const { outcomes, writes } = await run.run(handlers, facts);
    ctx.log.debug('secrets written', { writes });
    return explainRejections(outcomes, aiven, this.#deps.aivenFor(app));
  }
}

// One synchronization of one app, in the handlers' two phases: every handler declares; each secret records all its
// declared entries in one write, before anything is created; the handlers provision; each secret whose writers all
// succeeded is written once more, with its keys (so a failing service never wipes keys an earlier attempt wrote).
// At most two writes per secret on a first synchronization, whatever the number of services.
import type { V1Secret } from '@kubernetes/client-node';
import type { AivenApplication } from '../api/aiven-application.ts';
import type { GrantedAccess } from '../aiven/app-tokens.ts';
import { SecretDraft } from '../handler/draft.ts';
import type {
  Facts,
  Handler,
  HandlerConfig,
  HandlerPlan,
  InstanceRegistry,
  KubernetesAccess,
  Provisioned,
  ProvisionContext,
  SecretKeys,
} from '../handler/types.ts';
import type { DesiredSecret } from '../kube/secret-store.ts';
import type { ReconcileContext } from '../runtime/controller.ts';
import { describeError, SecretGone, TransientError } from '../runtime/errors.ts';
import { commonKeys, secretAnnotations, secretFinalizer } from '../secret/labels.ts';
import type { LedgerEntry, LedgerReader } from '../secret/ledger.ts';
import { commonMetadata } from '../secret/metadata.ts';
import { isTerminating, ownershipOf, type Ownership } from '../secret/ownership.ts';
import type { RecordTrust } from '../secret/trust.ts';
import type { SyncMetrics } from './metrics.ts';
import { conflictOutcome, failedOutcome, synchronizedOutcome } from './outcomes.ts';
import { planRecord, type SecretState } from './record-plan.ts';
import type { ServiceOutcome } from './status.ts';

export interface SecretPort {
  get(namespace: string, name: string, signal: AbortSignal): Promise<V1Secret | undefined>;
  /** Returns the secret as written (or anything with its uid). */
  apply(secret: DesiredSecret, signal: AbortSignal): Promise<{ metadata?: { uid?: string } }>;
}

export interface RunDeps {
  readonly secrets: SecretPort;
  readonly instances: InstanceRegistry;
  readonly config: HandlerConfig;
  /** Signs what is recorded; says which part of an existing record may be carried on. */
  readonly trust: Pick<RecordTrust, 'of' | 'sign'>;
  /** The Kubernetes API, for the access handler. */
  readonly kubernetes: KubernetesAccess;
  readonly metrics: Pick<SyncMetrics, 'handler'>;
}

interface Declared {
  readonly handler: Handler;
  readonly plan: HandlerPlan;
}

export interface RunResult {
  readonly outcomes: ServiceOutcome[];
  /** Kubernetes writes made (for the log and the bench). */
  readonly writes: number;
}

export class SyncRun {
  readonly #app: AivenApplication;
  readonly #deps: RunDeps;
  readonly #ctx: ReconcileContext;
  readonly #aiven: GrantedAccess;
  readonly #readers: readonly LedgerReader[];
  readonly #secrets = new Map<string, SecretState>();
  readonly #owners = new Map<string, Ownership>();
  readonly #failures = new Map<string, ServiceOutcome>();
  readonly #drafts = new Map<string, SecretDraft>();
  /** Each secret's uid once it exists (read, or written by the record). */
  readonly #uids = new Map<string, string>();
  /** Users this run created, with the entry and secret that record them (undone if that secret goes meanwhile). */
  readonly #created: { readonly handler: Handler; readonly secretName: string; readonly entry: LedgerEntry }[] = [];
  /** What every secret of the app carries, with the token source this run uses. */
  readonly #common: { readonly labels: Record<string, string>; readonly annotations: Record<string, string> };
  #writes = 0;

  constructor(
    app: AivenApplication,
    deps: RunDeps & { readers: readonly LedgerReader[] },
    ctx: ReconcileContext,
    aiven: GrantedAccess,
  ) {
    this.#app = app;
    this.#deps = deps;
    this.#readers = deps.readers;
    this.#ctx = ctx;
    this.#aiven = aiven;
    const common = commonMetadata(app);
    this.#common = {
      labels: common.labels,
      annotations: { ...common.annotations, [secretAnnotations.tokenSource]: aiven.recorded },
    };
  }

  /**
   * Reads each target from the API server (an unmanaged secret is not in our cache) and decides who owns it. One
   * being deleted (the cache had not said so when the plan looked) is waited for: its cleanup may already have looked
   * for users this run would create. Its deletion queues the app again.
   */
  async load(targets: readonly string[]): Promise<void> {
    const namespace = this.#app.metadata.namespace ?? '';
    for (const name of targets) {
      const secret = await this.#deps.secrets.get(namespace, name, this.#ctx.signal);
      if (secret && isTerminating(secret))
        throw new TransientError('SecretBeingDeleted', `secret ${namespace}/${name} is being deleted; waiting for it`);
      this.#secrets.set(name, { name, existing: secret });
      if (secret?.metadata?.uid) this.#uids.set(name, secret.metadata.uid);
      this.#owners.set(name, ownershipOf(secret?.metadata, this.#app));
    }
  }

  async run(handlers: readonly Handler[], facts: Facts): Promise<RunResult> {
    const declared = handlers.flatMap((handler) => this.#declare(handler, facts));
    await this.#record(handlers, declared);
    // Handlers provision side by side, so an app waits for its slowest service, not their sum; their keys go into
    // the drafts afterwards, in the handlers' order, so which of two handlers setting one key is refused is fixed.
    const recorded = declared.filter(({ handler }) => !this.#failures.has(handler.service));
    const provisioned = await Promise.all(recorded.map(({ handler, plan }) => this.#provision(handler, plan)));
    recorded.forEach(({ handler }, i) => {
      for (const [secretName, keys] of Object.entries(provisioned[i] ?? {})) this.#fill(handler, secretName, keys);
    });
    await this.#write(handlers);
    const outcomes = handlers.map(
      (h) => this.#failures.get(h.service) ?? synchronizedOutcome(h, h.secretNames(this.#app)),
    );
    return { outcomes, writes: this.#writes };
  }

  #declare(handler: Handler, facts: Facts): Declared[] {
    const taken = handler.secretNames(this.#app).flatMap((name) => {
      const owner = this.#owners.get(name);
      return owner?.kind === 'taken' ? [{ name, by: owner.by }] : [];
    })[0];
    if (taken) {
      this.#failures.set(handler.service, conflictOutcome(handler, taken.name, taken.by));
      return [];
    }
    try {
      return [{ handler, plan: handler.declare(this.#app, facts) }];
    } catch (err) {
      this.#fail(handler, err);
      return [];
    }
  }

  /** One write per secret whose record changes: every declared entry, before any handler creates anything. */
  async #record(handlers: readonly Handler[], declared: readonly Declared[]): Promise<void> {
    for (const state of this.#secrets.values()) {
      const writers = declared.filter((d) => d.plan.secrets.some((s) => s.secretName === state.name));
      if (writers.length === 0) continue;
      const unsettled = handlers.filter(
        (h) => this.#failures.has(h.service) && h.secretNames(this.#app).includes(state.name),
      );
      try {
        const plan = planRecord(this.#readers, {
          state,
          declared: writers.flatMap((d) => d.plan.secrets.filter((s) => s.secretName === state.name)),
          unsettled: new Set(unsettled.map((h) => h.service)),
          common: this.#common,
          now: new Date(this.#ctx.clock.now()),
          namespace: this.#app.metadata.namespace ?? '',
          trust: this.#deps.trust,
        });
        this.#secrets.set(state.name, { ...state, annotations: plan.annotations });
        if (plan.write) await this.#apply(state.name, plan.annotations, state.existing?.data ?? {});
      } catch (err) {
        for (const { handler } of writers) this.#fail(handler, err);
      }
    }
  }

  /** The handler's keys by secret name; undefined when it failed (recorded in #failures). */
  /** What handlers provision (and clean up) with: this run's Aiven client, the Kubernetes API, its secrets' uids. */
  #handlerContext(): ProvisionContext {
    return {
      aiven: this.#aiven.client,
      kubernetes: this.#deps.kubernetes,
      secretUid: (name: string) => this.#uids.get(name),
      log: this.#ctx.log,
      signal: this.#ctx.signal,
      clock: this.#ctx.clock,
    };
  }

  async #provision(handler: Handler, plan: HandlerPlan): Promise<Readonly<Record<string, SecretKeys>> | undefined> {
    try {
      const started = this.#ctx.clock.now();
      const provisioned = await plan.provision(this.#handlerContext());
      this.#deps.metrics.handler(handler, (this.#ctx.clock.now() - started) / 1000);
      this.#remember(handler, plan, provisioned);
      return provisioned.keys;
    } catch (err) {
      this.#fail(handler, err);
      return undefined;
    }
  }

  /** The users a handler created in this run, with the entries that record them. */
  #remember(handler: Handler, plan: HandlerPlan, provisioned: Provisioned): void {
    const created = new Set(provisioned.users.filter((u) => u.change === 'created').map((u) => u.id));
    if (created.size > 0) this.#ctx.log.debug('users created', { handler: handler.service, users: created.size });
    const entries = plan.secrets.flatMap(({ secretName, entries }) => entries.map((entry) => ({ secretName, entry })));
    for (const { secretName, entry } of entries)
      if (created.has(entry.id)) this.#created.push({ handler, secretName, entry });
  }

  /** Writes every secret whose writers all succeeded, with the common keys. */
  async #write(handlers: readonly Handler[]): Promise<void> {
    const writable = [...this.#drafts.keys()].filter((name) =>
      handlers.every((h) => !h.secretNames(this.#app).includes(name) || !this.#failures.has(h.service)),
    );
    if (writable.length === 0) return;
    const ca = await this.#aiven.client.getProjectCa(this.#deps.config.mainProject, this.#ctx.signal);
    for (const name of writable) {
      const draft = this.#draft(name);
      draft.setString('aivenator', commonKeys.ca, ca);
      draft.setString('aivenator', commonKeys.updated, new Date(this.#ctx.clock.now()).toISOString());
      try {
        await this.#apply(name, this.#secrets.get(name)?.annotations ?? {}, draft.data());
      } catch (err) {
        if (err instanceof SecretGone) await this.#undoCreated(name);
        throw err;
      }
    }
  }

  /**
   * The secret recording this run's new users went while they were being made, without its cleanup (which waits for
   * the run): someone took its finalizer off. Nothing records them now, so they are deleted here, or they would be
   * left to no one.
   */
  async #undoCreated(secretName: string): Promise<void> {
    const ctx = this.#handlerContext();
    for (const { handler, entry } of this.#created.filter((c) => c.secretName === secretName)) {
      await handler.cleanup(entry, ctx);
      this.#ctx.log.info('user made for a secret deleted meanwhile, deleted again', {
        handler: handler.service,
        secretName,
      });
    }
  }

  /** The handler's keys into the secret's draft, under its name: a key another handler set is refused. */
  #fill(handler: Handler, secretName: string, keys: SecretKeys): void {
    const draft = this.#draft(secretName);
    for (const [key, value] of Object.entries(keys))
      if (typeof value === 'string') draft.setString(handler.service, key, value);
      else draft.setBinary(handler.service, key, value);
  }

  #fail(handler: Handler, err: unknown): void {
    this.#ctx.log.warn('handler failed', { handler: handler.service, err: describeError(err) });
    this.#failures.set(handler.service, failedOutcome(handler, err));
  }

  #draft(name: string): SecretDraft {
    const draft = this.#drafts.get(name) ?? new SecretDraft(name);
    this.#drafts.set(name, draft);
    return draft;
  }

  async #apply(name: string, annotations: Readonly<Record<string, string>>, data: Record<string, string>) {
    const uid = this.#uids.get(name);
    const secret = {
      namespace: this.#app.metadata.namespace ?? '',
      name,
      labels: this.#common.labels,
      annotations,
      finalizers: [secretFinalizer],
      data,
      // One that existed when this run began, or that its record made, is never made again by a later write.
      ...(uid === undefined ? {} : { uid }),
    };
    const written = await this.#deps.secrets.apply(secret, this.#ctx.signal);
    if (written.metadata?.uid) this.#uids.set(name, written.metadata.uid);
    this.#writes += 1;
  }
}

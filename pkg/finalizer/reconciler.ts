// The secret finalizer: when a managed secret carrying our finalizer is being deleted, delete the Aiven users it
// records (current and retired, except users another live secret still names), then remove our finalizer and only
// ours. Level-triggered over the managed-secret cache; every step is idempotent (a user already gone is done).
import type { V1Secret } from '@kubernetes/client-node';
import type { AivenAccess } from '../aiven/app-tokens.ts';
import { cleanUpEntries } from '../handler/clean-up.ts';
import type { Handler, KubernetesAccess } from '../handler/types.ts';
import type { GuardedWriteOutcome } from '../kube/secret-lifecycle.ts';
import type { ObjectKey, ReconcileContext, ReconcileResult, Reconciler } from '../runtime/controller.ts';
import { PermanentError, TransientError } from '../runtime/errors.ts';
import type { ObjectCache } from '../runtime/object-cache.ts';
import { planUserCleanup, type CleanupPlan } from '../secret/cleanup-plan.ts';
import { secretAnnotations, secretFinalizer } from '../secret/labels.ts';
import { everyEntry, type Annotations } from '../secret/ledger.ts';
import type { LedgerIndex } from '../secret/ledger-index.ts';
import { isTerminating } from '../secret/ownership.ts';
import type { ProvisioningSecrets } from '../secret/provisioning.ts';
import type { RecordTrust, TrustedRecord } from '../secret/trust.ts';

export interface SecretEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly note: string;
}

export interface FinalizerDeps {
  /** Managed secrets only (label-selected). */
  readonly secrets: ObjectCache<V1Secret>;
  /** Which managed secrets name each recorded user. */
  readonly ledgerIndex: LedgerIndex;
  /** Which part of a secret's record may be acted on (its signature, or what derives from its namespace). */
  readonly trust: Pick<RecordTrust, 'of'>;
  /** Secrets a synchronization is provisioning users for: cleaned up once it is over. */
  readonly provisioning: Pick<ProvisioningSecrets, 'isHeld'>;
  readonly handlers: readonly Handler[];
  /** The Kubernetes API, for the access handler's cleanup. */
  readonly kubernetes: KubernetesAccess;
  /** The client for the token source recorded on a secret in `namespace` (undefined: none recorded), or why none. */
  readonly aivenFor: (tokenSource: string | undefined, namespace: string, signal: AbortSignal) => Promise<AivenAccess>;
  /** Why the recorded token source may not be used (another namespace's secret), checked before anything is read. */
  readonly distrust: (tokenSource: string | undefined, namespace: string) => string | undefined;
  /** Counts a record cleanup refused to act on (all of it, or some entries), by what was not trusted. */
  readonly untrusted: (what: UntrustedPart) => void;
  readonly removeFinalizer: (secret: V1Secret, finalizer: string, signal: AbortSignal) => Promise<GuardedWriteOutcome>;
  /** Records a Kubernetes event about the secret; never fails the reconcile. */
  readonly event: (secret: V1Secret, event: SecretEvent) => Promise<void>;
  /** How long to wait after a cleanup that cannot succeed as things are (token revoked, record incomplete). */
  readonly permanentRetryMs: number;
}

/** How soon a secret whose synchronization is still provisioning is looked at again (no I/O until it is over). */
const provisioningPollMs = 500;

export const needsCleanup = (secret: V1Secret): boolean =>
  isTerminating(secret) && (secret.metadata?.finalizers ?? []).includes(secretFinalizer);

/** What was not trusted about a record (the finalizer never acts on the part it refuses). */
export const untrustedParts = ['token_source', 'signature', 'unsigned'] as const;
export type UntrustedPart = (typeof untrustedParts)[number];

function describeDistrust(record: TrustedRecord): string {
  switch (record.signature) {
    case 'unsigned':
      return "the record is not signed, and these users are not named after this secret's namespace and app";
    case 'invalid':
      return `${record.why ?? 'the signature does not verify'}; only users named after this namespace and app count`;
    case 'current':
    case 'older-key':
      return "these users were added outside the record's signature";
  }
}

const describeUsers = (plan: CleanupPlan): string =>
  `deleted ${String(plan.delete.length)} Aiven user(s)` +
  (plan.shared.length > 0 ? `; kept ${String(plan.shared.length)} another secret still names` : '');

export class SecretFinalizer implements Reconciler {
  readonly #deps: FinalizerDeps;

  constructor(deps: FinalizerDeps) {
    this.#deps = deps;
  }

  async reconcile(key: ObjectKey, ctx: ReconcileContext): Promise<ReconcileResult> {
    const secret = this.#deps.secrets.get(key.name, key.namespace);
    if (!secret || !needsCleanup(secret)) return {};
    // A user it records may still be created: deleting the record's users now could miss it, for good (and skipping
    // the cleanup now would have the run delete what it made, when the secret goes under it).
    if (this.#deps.provisioning.isHeld(key.namespace ?? '', key.name)) return { requeueAfterMs: provisioningPollMs };
    if (secret.metadata?.annotations?.[secretAnnotations.skipCleanup] === 'true') return this.#skip(secret, ctx);
    const record = this.#deps.trust.of(secret);
    const distrust = this.#deps.distrust(record.annotations[secretAnnotations.tokenSource], key.namespace ?? '');
    if (distrust) return this.#releaseUntrusted(secret, { what: 'token_source', why: distrust }, ctx);
    return this.#finalize(secret, record, ctx);
  }

  /** Cleans up what the trusted part of the record names, then lets the secret go. */
  async #finalize(secret: V1Secret, record: TrustedRecord, ctx: ReconcileContext): Promise<ReconcileResult> {
    let plan: CleanupPlan;
    try {
      plan = await this.#cleanUp(secret, record.annotations, ctx);
    } catch (err) {
      if (!(err instanceof PermanentError)) throw err;
      ctx.log.error('cleanup cannot succeed as things are; retrying slowly', {
        reason: err.reason,
        err: err.message,
        retryInMs: this.#deps.permanentRetryMs,
      });
      await this.#deps.event(secret, { type: 'Warning', reason: 'CleanupFailed', note: err.message });
      return { requeueAfterMs: this.#deps.permanentRetryMs };
    }
    await this.#release(secret, ctx);
    ctx.log.info('secret finalized', { users: plan.delete.length, shared: plan.shared.length });
    await this.#deps.event(secret, { type: 'Normal', reason: 'Finalized', note: describeUsers(plan) });
    if (record.refused.length > 0) await this.#reportRefused(secret, record, ctx);
    return {};
  }

  /** The operator's escape hatch: the finalizer goes, nothing is deleted. */
  async #skip(secret: V1Secret, ctx: ReconcileContext): Promise<ReconcileResult> {
    await this.#release(secret, ctx);
    ctx.log.warn('finalizer removed without cleanup, as the secret asks', { secretName: secret.metadata?.name });
    await this.#deps.event(secret, {
      type: 'Warning',
      reason: 'CleanupSkipped',
      note: `finalizer removed without deleting Aiven users (${secretAnnotations.skipCleanup}=true)`,
    });
    return {};
  }

  /** Deletes the users the trusted part of the record names, minus those another live secret names. */
  async #cleanUp(secret: V1Secret, annotations: Annotations, ctx: ReconcileContext): Promise<CleanupPlan> {
    const { handlers, ledgerIndex } = this.#deps;
    const entries = everyEntry(handlers, annotations);
    const namedElsewhere = ledgerIndex.namedElsewhere(
      entries.map((entry) => entry.id),
      secret.metadata?.uid ?? '',
    );
    const plan = planUserCleanup(entries, namedElsewhere);
    if (plan.delete.length === 0) return plan;
    const namespace = secret.metadata?.namespace ?? '';
    const access = await this.#deps.aivenFor(annotations[secretAnnotations.tokenSource], namespace, ctx.signal);
    if (!access.ok) throw new PermanentError(access.reason, access.message);
    const cleanupCtx = { aiven: access.client, kubernetes: this.#deps.kubernetes, log: ctx.log, signal: ctx.signal };
    await cleanUpEntries(handlers, plan.delete, cleanupCtx);
    return plan;
  }

  /**
   * A record cleanup must not act on (a tenant can edit secrets in their namespace): no Aiven call, no token read; the
   * finalizer goes, and the event, the log and the metric say why, so nothing is stuck and nothing is silent.
   */
  async #releaseUntrusted(
    secret: V1Secret,
    untrusted: { what: UntrustedPart; why: string },
    ctx: ReconcileContext,
  ): Promise<ReconcileResult> {
    await this.#release(secret, ctx);
    this.#deps.untrusted(untrusted.what);
    ctx.log.warn('finalizer removed without cleanup: the record is not trusted', {
      secretName: secret.metadata?.name,
      why: untrusted.why,
    });
    await this.#deps.event(secret, {
      type: 'Warning',
      reason: 'UntrustedRecord',
      note: `finalizer removed without deleting Aiven users: ${untrusted.why}`,
    });
    return {};
  }

  /** Users the record names that were left alone: named in the event, so an operator can look at each. */
  async #reportRefused(secret: V1Secret, record: TrustedRecord, ctx: ReconcileContext): Promise<void> {
    const what = record.signature === 'unsigned' ? 'unsigned' : 'signature';
    this.#deps.untrusted(what);
    const users = record.refused.map((entry) => entry.id);
    const why = describeDistrust(record);
    ctx.log.warn('users the record names were left alone: the record is not trusted for them', {
      secretName: secret.metadata?.name,
      why,
      users: users.join(','),
    });
    await this.#deps.event(secret, {
      type: 'Warning',
      reason: 'UntrustedRecord',
      note: `left ${String(users.length)} Aiven user(s) alone (${why}): ${users.slice(0, 5).join(', ')}`,
    });
  }

  /** A secret that changed meanwhile (a user recorded during cleanup) is cleaned up again from its new state. */
  async #release(secret: V1Secret, ctx: ReconcileContext): Promise<void> {
    const outcome = await this.#deps.removeFinalizer(secret, secretFinalizer, ctx.signal);
    if (outcome === 'changed')
      throw new TransientError('SecretChanged', 'the secret changed during cleanup; looking at it again');
  }
}

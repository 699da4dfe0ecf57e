// What one reconcile of an app does, decided from what was gathered: delete it (expired), wait (one of its secrets is
// being deleted), leave it (up to date) or synchronize it; which replaced users are due; when to look again. Pure.
import type { V1Secret } from '@kubernetes/client-node';
import type { AivenApplication } from '../api/aiven-application.ts';
import { requestedSecretNames } from '../handler/secret-names.ts';
import type { Handler } from '../handler/types.ts';
import { secretAnnotations } from '../secret/labels.ts';
import { isTerminating, ownershipOf } from '../secret/ownership.ts';
import { planRetired, type RetiredPlan } from '../secret/retired.ts';
import type { TrustedRecord } from '../secret/trust.ts';
import { specHash } from './hash.ts';
import type { ProcessingReason } from './metrics.ts';

export interface SyncView {
  readonly app: AivenApplication;
  readonly now: number;
  /** The handlers the app asks for. */
  readonly handlers: readonly Handler[];
  /** The managed secret of this name in the app's namespace, as the cache holds it. */
  readonly cached: (name: string) => V1Secret | undefined;
  /** The managed secrets in the app's namespace (the cache's view), among them those it no longer asks for. */
  readonly managedInNamespace: () => readonly V1Secret[];
  /** The trusted part of a secret's record, and how its signature stands. */
  readonly record: (secret: V1Secret) => TrustedRecord;
  /** The hash this process last synchronized for this very app (same uid), if any. */
  readonly remembered: string | undefined;
  readonly userGracePeriodMs: number;
  /** Drift detection found a user one of the app's secrets records gone from Aiven. */
  readonly drifted?: boolean;
}

/** One of the app's secrets, with the trusted part of its record (worked out once, in the plan). */
export interface RecordedSecret {
  readonly secret: V1Secret;
  readonly annotations: Readonly<Record<string, string>>;
}

/** Replaced users of one of the app's secrets whose grace period is over. */
export interface DueUsers extends RecordedSecret {
  readonly plan: RetiredPlan;
}

export type SyncPlan =
  | { readonly action: 'delete-expired' }
  | { readonly action: 'wait-for-deletion'; readonly secretName: string }
  | {
      readonly action: 'up-to-date' | 'synchronize';
      readonly targets: readonly string[];
      readonly hash: string;
      readonly retire: readonly DueUsers[];
      /** The app's secrets whose record verifies with an older key: signed again with the newest, nothing else. */
      readonly resign: readonly RecordedSecret[];
      /** When to look again: a replaced user due, the app's expiry, or after a synchronization the grace period. */
      readonly requeueAfterMs?: number;
      /**
       * Up to date by the status's own hash, but the status does not say Ready for this generation: an app another
       * controller synchronized (nais/aivenator writes Succeeded, not Ready). One status write reports it.
       */
      readonly report?: boolean;
      /** Why a synchronization is needed (nais/aivenator's processing_reason); set on `synchronize` only. */
      readonly reason?: ProcessingReason;
    };

/** Timers cannot wait longer than 2^31-1 ms; a look once a day until then costs nothing (no-op reconcile). */
export const maxRequeueMs = 86_400_000;

const sooner = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);

const isExpired = (app: AivenApplication, now: number): boolean =>
  app.spec.expiresAt !== undefined && Date.parse(app.spec.expiresAt) < now;

/** When to look again so an app is deleted at its expiresAt, not at the next event that happens to queue it. */
function untilExpiry(app: AivenApplication, now: number): number | undefined {
  if (app.spec.expiresAt === undefined) return undefined;
  return Math.max(0, Date.parse(app.spec.expiresAt) - now) + 1000;
}

/** The app's own secrets, each with the trusted part of its record. */
function ownSecrets(view: SyncView, targets: readonly string[]) {
  return targets.flatMap((name) => {
    const secret = view.cached(name);
    if (!secret || ownershipOf(secret.metadata, view.app).kind !== 'ours') return [];
    return [{ secret, record: view.record(secret) }];
  });
}

/**
 * The app's own live secrets it no longer asks for (it names another secret now, and the janitor keeps this one while
 * pods read it or it is protected): their replaced users are still the app's to delete when their grace ends.
 */
function keptSecrets(view: SyncView, targets: readonly string[]) {
  return view.managedInNamespace().flatMap((secret) => {
    // The cheap test first: this runs over the namespace's secrets on every reconcile, and few record replaced users.
    if (!(secretAnnotations.retired in (secret.metadata?.annotations ?? {}))) return [];
    if (targets.includes(secret.metadata?.name ?? '') || isTerminating(secret)) return [];
    if (ownershipOf(secret.metadata, view.app).kind !== 'ours') return [];
    return [{ secret, record: view.record(secret) }];
  });
}

/** The retired users each of the app's own secrets trustworthily records, split into due and pending. */
const retirements = (own: ReturnType<typeof ownSecrets>, view: SyncView): DueUsers[] =>
  own.map(({ secret, record }) => ({
    secret,
    annotations: record.annotations,
    plan: planRetired(record.annotations[secretAnnotations.retired], view.now, view.userGracePeriodMs),
  }));

/** When the first expiring credential in the app's own secrets is to be issued again (a Kubernetes token). */
function renewal(view: SyncView, own: ReturnType<typeof ownSecrets>): number | undefined {
  return own.reduce<number | undefined>(
    (next, { secret }) =>
      view.handlers
        .filter((h) => h.secretNames(view.app).includes(secret.metadata?.name ?? ''))
        .reduce((soonest, h) => sooner(soonest, h.renewAt?.(view.app, secret.data ?? {})), next),
    undefined,
  );
}

/** A renewal is looked at no sooner than a second from now: the cache may not hold the last write yet. */
const renewalLookMs = 1000;

/**
 * The status says this spec was synchronized but not that the app is Ready at this generation. Only the status's own
 * hash counts: right after this process's own write the cache may hold the status from before it.
 */
const needsReport = (app: AivenApplication, hash: string): boolean =>
  app.status?.synchronizationHash === hash &&
  !app.status.conditions?.some(
    (c) => c.type === 'Ready' && c.status === 'True' && c.observedGeneration === app.metadata.generation,
  );

/** This spec was synchronized (as the status says, or as this process remembers), every secret exists, no user is gone. */
const isUpToDate = (view: SyncView, hash: string, targets: readonly string[]): boolean =>
  view.drifted !== true &&
  (view.app.status?.synchronizationHash === hash || view.remembered === hash) &&
  targets.every((name) => view.cached(name) !== undefined);

/** Why a synchronization is needed, once planSync has decided on one: a new spec, else a missing secret or a renewal. */
function reasonFor(view: SyncView, hash: string, targets: readonly string[]): ProcessingReason {
  if (view.app.status?.synchronizationHash !== hash && view.remembered !== hash) return 'HashChanged';
  if (view.drifted === true) return 'MissingUser';
  return targets.every((name) => view.cached(name) !== undefined) ? 'CredentialRenewal' : 'MissingSecret';
}

export function planSync(view: SyncView): SyncPlan {
  const { app, now } = view;
  if (isExpired(app, now)) return { action: 'delete-expired' };
  const targets = requestedSecretNames(view.handlers, app);
  // Writing now would record users on a secret whose cleanup is under way; its deletion queues the app again.
  const deleting = targets.find((name) => {
    const secret = view.cached(name);
    return secret !== undefined && isTerminating(secret);
  });
  if (deleting) return { action: 'wait-for-deletion', secretName: deleting };
  const hash = specHash(app.spec);
  const own = ownSecrets(view, targets);
  const all = retirements([...own, ...keptSecrets(view, targets)], view);
  const retire = all.filter((r) => r.plan.due.length > 0);
  // A retirement rewrites (and signs) its secret anyway.
  const resign = own
    .filter(({ secret, record }) => record.signature === 'older-key' && !retire.some((r) => r.secret === secret))
    .map(({ secret, record }) => ({ secret, annotations: record.annotations }));
  const renewAt = renewal(view, own);
  const nextLook = sooner(
    sooner(
      all.reduce<number | undefined>((next, r) => sooner(next, r.plan.nextInMs), undefined),
      untilExpiry(app, now),
    ),
    renewAt === undefined ? undefined : Math.max(renewAt - now, renewalLookMs),
  );
  const renewalDue = renewAt !== undefined && renewAt <= now;
  if (!renewalDue && isUpToDate(view, hash, targets))
    return {
      action: 'up-to-date',
      targets,
      hash,
      retire,
      resign,
      ...(nextLook === undefined ? {} : { requeueAfterMs: Math.min(nextLook, maxRequeueMs) }),
      ...(needsReport(app, hash) ? { report: true } : {}),
    };
  // A user the synchronization replaces is due after the grace period: look again then (a no-op otherwise).
  const requeueAfterMs = Math.min(nextLook ?? maxRequeueMs, view.userGracePeriodMs, maxRequeueMs);
  const reason = reasonFor(view, hash, targets);
  return { action: 'synchronize', targets, hash, retire, resign: [], requeueAfterMs, reason };
}

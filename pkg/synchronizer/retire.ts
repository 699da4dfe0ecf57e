// Deletes replaced users whose grace period is over, through their handler's cleanup (unless another live secret,
// or this secret's current or pending record, still names the user), then rewrites the secret's retired list, signed.
// Runs only for secrets an app owns (or owned, when it was deleted and the janitor keeps them), on the trusted part of
// their record: a retired user a tenant added to the annotations is never deleted. Also re-signs a record whose key is
// no longer the newest.
import type { GrantedAccess } from '../aiven/app-tokens.ts';
import { cleanUpEntries } from '../handler/clean-up.ts';
import type { Handler } from '../handler/types.ts';
import type { ReconcileContext } from '../runtime/controller.ts';
import { TransientError } from '../runtime/errors.ts';
import { planUserCleanup, type CleanupPlan } from '../secret/cleanup-plan.ts';
import { secretAnnotations, secretFinalizer } from '../secret/labels.ts';
import { readableEntries, readEntries, type Annotations } from '../secret/ledger.ts';
import type { LedgerIndex } from '../secret/ledger-index.ts';
import type { DueUsers, RecordedSecret } from './plan.ts';
import type { RunDeps } from './run.ts';

export interface RetireTarget extends DueUsers {
  /** The labels the rewritten secret carries: its app's (commonMetadata), or its own when the app is gone. */
  readonly labels: Record<string, string>;
}

export interface RetireDeps extends RunDeps {
  readonly handlers: readonly Handler[];
  readonly ledgerIndex: LedgerIndex;
}

/** The due users no record still names: not this secret's current or pending ones, not another live secret's. */
function planDue(target: RetireTarget, ours: Annotations, deps: RetireDeps): CleanupPlan {
  const { handlers } = deps;
  const due = target.plan.due.flatMap((record) => readEntries(handlers, record.annotations));
  const keptHere = [ours, ...target.plan.pending.map((record) => record.annotations)].flatMap((set) =>
    readableEntries(handlers, set).map((entry) => entry.id),
  );
  const elsewhere = deps.ledgerIndex.namedElsewhere(
    due.map((entry) => entry.id),
    target.secret.metadata?.uid ?? '',
  );
  return planUserCleanup(due, new Set([...keptHere, ...elsewhere]));
}

/**
 * Writes the secret's record again, signed with the newest key; its data and labels as they are. Only onto the
 * version the decision was made on: a cache behind our own last write gives a 409, retried from a fresh view. The
 * cache keeps no secret data, so the data is read first, from that same version.
 */
export async function rewriteRecord(
  { labels, secret, annotations }: RecordedSecret & { readonly labels: Record<string, string> },
  deps: Pick<RunDeps, 'secrets' | 'trust'>,
  signal: AbortSignal,
): Promise<void> {
  const place = { namespace: secret.metadata?.namespace ?? '', name: secret.metadata?.name ?? '' };
  const signed = deps.trust.sign(place, annotations);
  if (!signed) throw new TransientError('RecordKeysMissing', 'the record key ring holds no usable key');
  const version = secret.metadata?.resourceVersion ?? '';
  const data = await dataAt(deps, { ...place, version }, signal);
  await deps.secrets.apply(
    {
      ...place,
      labels,
      annotations: signed,
      finalizers: [secretFinalizer],
      data,
      resourceVersion: version,
    },
    signal,
  );
}

/** The secret's data as of `version` (the one a decision was made on), or a conflict to look again. */
async function dataAt(
  deps: Pick<RunDeps, 'secrets'>,
  at: { readonly namespace: string; readonly name: string; readonly version: string },
  signal: AbortSignal,
): Promise<Record<string, string>> {
  const current = await deps.secrets.get(at.namespace, at.name, signal);
  if (current?.metadata?.resourceVersion !== at.version)
    throw new TransientError(
      'KubernetesConflict',
      `secret ${at.namespace}/${at.name} changed meanwhile; looking again`,
    );
  return current.data ?? {};
}

export async function retireUsers(
  target: RetireTarget,
  deps: RetireDeps,
  aiven: GrantedAccess,
  ctx: ReconcileContext,
): Promise<void> {
  const { labels, secret, plan } = target;
  const ours = Object.fromEntries(
    Object.entries(target.annotations).filter(([key]) => key !== secretAnnotations.retired),
  );
  const cleanup = planDue(target, ours, deps);
  const cleanupCtx = { aiven: aiven.client, kubernetes: deps.kubernetes, log: ctx.log, signal: ctx.signal };
  await cleanUpEntries(deps.handlers, cleanup.delete, cleanupCtx);
  const annotations = {
    ...ours,
    ...(plan.pending.length > 0 ? { [secretAnnotations.retired]: JSON.stringify(plan.pending) } : {}),
  };
  await rewriteRecord({ labels, secret, annotations }, deps, ctx.signal);
  ctx.log.info('replaced users deleted after their grace period', {
    secretName: secret.metadata?.name,
    users: cleanup.delete.length,
    stillNamedElsewhere: cleanup.shared.length,
  });
}

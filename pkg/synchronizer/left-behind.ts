// A deleted app's secrets the janitor keeps (protected, or read by a workload): nobody synchronizes the app any more,
// yet the replaced users their records name must still go when their grace ends, as they would have. Which secrets,
// which users are due, and when to look again. Pure.
import type { V1Secret } from '@kubernetes/client-node';
import type { ObjectKey } from '../runtime/controller.ts';
import { secretAnnotations } from '../secret/labels.ts';
import { appOfSecret, isTerminating } from '../secret/ownership.ts';
import { planRetired } from '../secret/retired.ts';
import type { TrustedRecord } from '../secret/trust.ts';
import type { DueUsers } from './plan.ts';

export interface LeftBehindView {
  /** The app that is gone. */
  readonly app: ObjectKey;
  /** The managed secrets in its namespace. */
  readonly secrets: readonly V1Secret[];
  readonly record: (secret: V1Secret) => TrustedRecord;
  readonly now: number;
  readonly userGracePeriodMs: number;
}

export interface LeftBehindPlan {
  readonly retire: readonly DueUsers[];
  /** When the next pending replaced user is due. */
  readonly requeueAfterMs?: number;
}

const belongsTo = (secret: V1Secret, app: ObjectKey): boolean => {
  const owner = appOfSecret(secret);
  return owner?.name === app.name && owner.namespace === app.namespace;
};

const recordsReplacedUsers = (secret: V1Secret): boolean =>
  secretAnnotations.retired in (secret.metadata?.annotations ?? {});

export function planLeftBehind(view: LeftBehindView): LeftBehindPlan {
  const plans = view.secrets
    .filter((secret) => recordsReplacedUsers(secret) && belongsTo(secret, view.app) && !isTerminating(secret))
    .map((secret) => {
      const { annotations } = view.record(secret);
      const plan = planRetired(annotations[secretAnnotations.retired], view.now, view.userGracePeriodMs);
      return { secret, annotations, plan };
    });
  const next = Math.min(...plans.map((p) => p.plan.nextInMs ?? Infinity));
  return {
    retire: plans.filter((p) => p.plan.due.length > 0),
    ...(Number.isFinite(next) ? { requeueAfterMs: next } : {}),
  };
}

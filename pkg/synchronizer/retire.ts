// Deletes replaced users whose grace period is over, through their handler's cleanup (unless another live secret
// still names the user), then rewrites the secret's retired list. Runs only for secrets this app owns.
import type { V1Secret } from '@kubernetes/client-node';
import type { AivenApplication } from '../api/aiven-application.ts';
import type { GrantedAccess } from '../aiven/tokens.ts';
import { namedUserIds, planUserCleanup, type CleanupPlan } from '../handler/cleanup-plan.ts';
import type { Handler, HandlerContext } from '../handler/types.ts';
import type { ReconcileContext } from '../runtime/controller.ts';
import { isOurAnnotation, secretAnnotations, secretFinalizer } from './labels.ts';
import { commonMetadata } from './metadata.ts';
import type { RetiredPlan } from './retired.ts';
import type { RunDeps } from './run.ts';
import { usersNamedByOthers } from './shared-users.ts';

export interface RetireTarget {
  readonly app: AivenApplication;
  readonly secret: V1Secret;
  readonly plan: RetiredPlan;
  /** Every managed secret in the cache, to find users another secret still names. */
  readonly managedSecrets: readonly V1Secret[];
}

/** Deletes the due users no other record still names; returns how many were deleted and how many kept. */
async function deleteDue(
  target: RetireTarget,
  ours: Readonly<Record<string, string>>,
  deps: RunDeps & { readonly handlers: readonly Handler[] },
  ctx: HandlerContext,
): Promise<CleanupPlan> {
  const { secret, plan } = target;
  const stillNamed = new Set([
    ...usersNamedByOthers(deps.handlers, target.managedSecrets, secret),
    ...namedUserIds(deps.handlers, [ours, ...plan.pending.map((user) => user.annotations)]),
  ]);
  const cleanup = planUserCleanup(
    deps.handlers,
    plan.due.map((user) => user.annotations),
    stillNamed,
  );
  for (const { handler, user } of cleanup.delete) await handler.cleanup(user.annotations, ctx);
  return cleanup;
}

export async function retireUsers(
  target: RetireTarget,
  deps: RunDeps & { readonly handlers: readonly Handler[] },
  aiven: GrantedAccess,
  ctx: ReconcileContext,
): Promise<void> {
  const { app, secret, plan } = target;
  const ours = Object.fromEntries(
    Object.entries(secret.metadata?.annotations ?? {}).filter(
      ([key]) => isOurAnnotation(key) && key !== secretAnnotations.retired,
    ),
  );
  const handlerCtx = { ...ctx, aiven: aiven.client, config: deps.config, instances: deps.instances };
  const cleanup = await deleteDue(target, ours, deps, { ...handlerCtx, record: () => Promise.resolve() });
  const annotations = {
    ...ours,
    ...(plan.pending.length > 0 ? { [secretAnnotations.retired]: JSON.stringify(plan.pending) } : {}),
  };
  const name = secret.metadata?.name ?? '';
  await deps.secrets.apply(
    {
      namespace: app.metadata.namespace ?? '',
      name,
      labels: commonMetadata(app).labels,
      annotations,
      finalizers: [secretFinalizer],
      data: secret.data ?? {},
    },
    ctx.signal,
  );
  ctx.log.info('replaced users deleted after their grace period', {
    secretName: name,
    users: cleanup.delete.length,
    stillNamedElsewhere: cleanup.shared.length,
  });
}

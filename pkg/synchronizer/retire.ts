// Deletes replaced users whose grace period is over, through every handler's cleanup (each acts only on its own
// annotations), then rewrites the secret's retired list. Runs only for secrets this app owns.
import type { V1Secret } from '@kubernetes/client-node';
import type { AivenApplication } from '../api/aiven-application.ts';
import type { AivenClient } from '../aiven/client.ts';
import type { Handler } from '../handler/types.ts';
import type { ReconcileContext } from '../runtime/controller.ts';
import { isOurAnnotation, secretAnnotations } from './labels.ts';
import { commonMetadata } from './metadata.ts';
import type { RetiredPlan } from './retired.ts';
import type { RunDeps } from './run.ts';

export async function retireUsers(
  target: { app: AivenApplication; secret: V1Secret; plan: RetiredPlan },
  deps: RunDeps & { readonly handlers: readonly Handler[] },
  aiven: AivenClient,
  ctx: ReconcileContext,
): Promise<void> {
  const { app, secret, plan } = target;
  const handlerCtx = { ...ctx, aiven, config: deps.config, instances: deps.instances, record: () => Promise.resolve() };
  for (const user of plan.due) {
    for (const handler of deps.handlers) await handler.cleanup(user.annotations, handlerCtx);
  }
  const ours = Object.entries(secret.metadata?.annotations ?? {}).filter(
    ([key]) => isOurAnnotation(key) && key !== secretAnnotations.retired,
  );
  const annotations = {
    ...Object.fromEntries(ours),
    ...(plan.pending.length > 0 ? { [secretAnnotations.retired]: JSON.stringify(plan.pending) } : {}),
  };
  const name = secret.metadata?.name ?? '';
  await deps.secrets.apply(
    {
      namespace: app.metadata.namespace ?? '',
      name,
      labels: commonMetadata(app).labels,
      annotations,
      finalizers: [],
      data: secret.data ?? {},
    },
    ctx.signal,
  );
  ctx.log.info('replaced users deleted after their grace period', { secretName: name, users: plan.due.length });
}

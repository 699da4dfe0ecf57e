import { TransientError } from '../runtime/errors.ts';
import type { HandlerContext, InstanceKind } from './types.ts';

/**
 * The first candidate service name whose aiven-operator resource exists in the app's namespace, if it is RUNNING.
 * Not (yet) there or not running is transient: teams create services and apps in one deploy.
 */
export async function resolveInstance(
  ctx: HandlerContext,
  kind: InstanceKind,
  namespace: string,
  candidates: readonly string[],
): Promise<string> {
  for (const name of candidates) {
    const state = await ctx.instances.state(kind, namespace, name, ctx.signal);
    if (state === 'running') return name;
    if (state === 'not-running')
      throw new TransientError(`${kind}NotReady`, `${kind} ${name} in namespace ${namespace} is not RUNNING yet`);
  }
  throw new TransientError(`${kind}NotFound`, `no ${kind} named ${candidates.join(' or ')} in namespace ${namespace}`);
}

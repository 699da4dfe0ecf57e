// The gather step before the handlers declare: each team service the app names is looked up, once, through the
// instances port (aiven-operator's resources in the app's namespace). Not (yet) there or not running is transient:
// teams create services and apps in one deploy.
import type { AivenApplication } from '../api/aiven-application.ts';
import type { Facts, Handler, HandlerConfig, InstanceQuery, InstanceRegistry } from '../handler/types.ts';
import { TransientError } from '../runtime/errors.ts';

type Resolution = { readonly service: string } | { readonly error: TransientError };

const keyOf = (query: InstanceQuery): string => `${query.kind}/${query.namespace}/${query.candidates.join(',')}`;

/** The first candidate whose resource exists in the namespace, if it is RUNNING. */
async function resolve(registry: InstanceRegistry, query: InstanceQuery, signal: AbortSignal): Promise<Resolution> {
  const { kind, namespace, candidates } = query;
  for (const name of candidates) {
    const state = await registry.state(kind, namespace, name, signal);
    if (state === 'running') return { service: name };
    if (state === 'not-running')
      return {
        error: new TransientError(`${kind}NotReady`, `${kind} ${name} in namespace ${namespace} is not RUNNING yet`),
      };
  }
  return {
    error: new TransientError(
      `${kind}NotFound`,
      `no ${kind} named ${candidates.join(' or ')} in namespace ${namespace}`,
    ),
  };
}

export async function gatherFacts(
  app: AivenApplication,
  handlers: readonly Handler[],
  deps: { readonly registry: InstanceRegistry; readonly config: HandlerConfig },
  signal: AbortSignal,
): Promise<Facts> {
  const resolved = new Map<string, Resolution>();
  for (const query of handlers.flatMap((h) => h.instances(app))) {
    if (!resolved.has(keyOf(query))) resolved.set(keyOf(query), await resolve(deps.registry, query, signal));
  }
  return {
    config: deps.config,
    instance: (query) => {
      const resolution = resolved.get(keyOf(query));
      if (!resolution) throw new Error(`instance ${keyOf(query)} was not gathered`);
      if ('error' in resolution) throw resolution.error;
      return resolution.service;
    },
  };
}

// The controller's door to the API server. Only pkg/kube imports @kubernetes/client-node at run time.
import {
  CustomObjectsApi,
  KubeConfig,
  VersionApi,
  type Cluster,
  type RequestContext,
  type User,
} from '@kubernetes/client-node';
import { aivenApplicationResource } from '../api/aiven-application.ts';
import { withSignal } from './request-options.ts';

type Dispatcher = NonNullable<ReturnType<RequestContext['getDispatcher']>>;

/** How long one connection pool serves a cluster and user: new TLS material (a rotated CA or cert) is used after it. */
const poolTtlMs = 10 * 60_000;

const poolKey = (cluster: Cluster | null, user: User | null): string =>
  JSON.stringify([
    cluster?.name,
    cluster?.server,
    cluster?.caData ?? cluster?.caFile,
    user?.name,
    user?.certData ?? user?.certFile,
  ]);

/**
 * client-node 2.0.1 builds a new undici Agent for every request (in applySecurityAuthentication), so every API call
 * opened a new TCP and TLS connection: ~7 handshakes per new app, most of the controller's CPU after key generation,
 * and as much again on the API server. This keeps one agent (a keep-alive connection pool) per cluster and user and
 * hands it to every request; the per-request one is closed unused. Authentication headers are still set per request
 * by client-node, so a rotated service account token is read as before.
 */
/** Closing an agent nothing else uses has no one to report a failure to; an unhandled rejection would end the process. */
const closeQuietly = (dispatcher: Dispatcher): void => {
  dispatcher.close().catch(() => undefined);
};

class PooledKubeConfig extends KubeConfig {
  readonly #pools = new Map<string, { readonly dispatcher: Dispatcher; readonly until: number }>();

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    const fresh = context.getDispatcher();
    if (!fresh) return; // plain HTTP: nothing to pool
    const key = poolKey(this.getCurrentCluster(), this.getCurrentUser());
    const now = Date.now();
    const pooled = this.#pools.get(key);
    if (pooled && pooled.until > now) {
      context.setDispatcher(pooled.dispatcher);
      closeQuietly(fresh);
      return;
    }
    // The old pool finishes what is in flight, then closes.
    if (pooled) closeQuietly(pooled.dispatcher);
    this.#pools.set(key, { dispatcher: fresh, until: now + poolTtlMs });
  }
}

/** A kubeconfig file when given one; otherwise client-node's default chain (in-cluster service account first). */
export function loadKubeConfig(path: string | undefined): KubeConfig {
  const kc = new PooledKubeConfig();
  if (path) kc.loadFromFile(path);
  else kc.loadFromDefault();
  return kc;
}

export interface ClusterAccess {
  readonly server: string;
  readonly kubernetesVersion: string;
}

/**
 * Proves the controller can do its job before it says it is ready: the API server answers, the AivenApplication
 * CRD is installed, and this identity may list AivenApplications in every namespace.
 */
export async function verifyClusterAccess(kc: KubeConfig, signal: AbortSignal): Promise<ClusterAccess> {
  const options = withSignal(signal);
  const version = await kc.makeApiClient(VersionApi).getCode(options);
  const { group, version: apiVersion, plural } = aivenApplicationResource;
  await kc
    .makeApiClient(CustomObjectsApi)
    .listClusterCustomObject({ group, version: apiVersion, plural, limit: 1 }, options);
  return { server: kc.getCurrentCluster()?.server ?? 'unknown', kubernetesVersion: version.gitVersion };
}

// The controller's door to the API server. Only pkg/kube imports @kubernetes/client-node at run time.
import {
  createConfiguration,
  CustomObjectsApi,
  KubeConfig,
  ServerConfiguration,
  VersionApi,
  type ApiConstructor,
  type ApiType,
  type DispatcherOptions,
  type HttpLibrary,
  type RequestContext,
} from '@kubernetes/client-node';
import type https from 'node:https';
import { Agent, type Dispatcher } from 'undici';
import { aivenApplicationResource } from '../api/aiven-application.ts';
import { withSignal } from './request-options.ts';
import type { KubeRequestObserver } from './metrics.ts';
import { undiciHttpLibrary } from './transport.ts';

type AgentPlan = Extract<DispatcherOptions, { type: 'agent' }>;

/** The TLS material a connection pool is built for: a rotated CA, certificate or key gets a new pool. */
const tlsMaterial = ({ connect }: AgentPlan): readonly unknown[] => [
  connect.ca,
  connect.cert,
  connect.key,
  connect.pfx,
  connect.passphrase,
  connect.servername,
  connect.rejectUnauthorized,
];

/** The same material: client-node reads files into new Buffers for every request, so Buffers compare by content. */
const sameMaterial = (a: readonly unknown[], b: readonly unknown[]): boolean =>
  a.length === b.length &&
  a.every((part, i) => {
    const other = b[i];
    if (Buffer.isBuffer(part) && Buffer.isBuffer(other)) return part.equals(other);
    if (Array.isArray(part) && Array.isArray(other)) return sameMaterial(part, other);
    return part === other;
  });

/** client-node's connect options without the ones it left undefined, which undici's option types do not take. */
function undiciConnect({ connect }: AgentPlan): NonNullable<Agent.Options['connect']> {
  const defined: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(connect)) if (value !== undefined) defined[name] = value;
  return defined; // client-node's own options (TLS, keep-alive), all defined
}

/** Closing an agent nothing else uses has no one to report a failure to; an unhandled rejection would end the process. */
const closeQuietly = (dispatcher: Dispatcher): void => {
  dispatcher.close().catch(() => undefined);
};

/**
 * client-node 2.0.1 builds a new undici Agent for every request (in applySecurityAuthentication), so every API call
 * opened a new TCP and TLS connection: ~7 handshakes per new app, most of the controller's CPU after key generation,
 * and as much again on the API server. This authenticates each request as client-node does, through its public
 * `applyToHTTPSOptions` (so a rotated service account token, CA or client certificate is read as before), and hands
 * it the one keep-alive pool built for that TLS material, with client-node's connect options (`createDispatcherOptions`).
 * Through a proxy (rare between a controller and its API server) requests keep client-node's per-request agent.
 */
class PooledKubeConfig extends KubeConfig {
  readonly #transport: HttpLibrary;
  #pool: { readonly material: readonly unknown[]; readonly dispatcher: Dispatcher } | undefined;

  constructor(observe?: KubeRequestObserver) {
    super();
    this.#transport = undiciHttpLibrary(observe);
  }

  /** As client-node builds an API client, with the request-based transport (transport.ts). */
  override makeApiClient<T extends ApiType>(apiClientType: ApiConstructor<T>): T {
    const cluster = this.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    return new apiClientType(
      createConfiguration({
        baseServer: new ServerConfiguration(cluster.server, {}),
        authMethods: { default: this },
        httpApi: this.#transport,
      }),
    );
  }

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    const options: https.RequestOptions = {};
    await this.applyToHTTPSOptions(options);
    const { ca, cert, key, pfx, passphrase, rejectUnauthorized, servername } = options;
    const plan = this.createDispatcherOptions(this.getCurrentCluster(), {
      ca,
      cert,
      key,
      pfx,
      passphrase,
      ...(rejectUnauthorized === undefined ? {} : { rejectUnauthorized }),
      ...(servername === undefined ? {} : { servername }),
    });
    if (plan.type === 'socks' || plan.type === 'proxy') return super.applySecurityAuthentication(context);
    for (const [name, value] of Object.entries(options.headers ?? {}))
      if (value !== undefined) context.setHeaderParam(name, String(value));
    if (options.auth) context.setHeaderParam('Authorization', `Basic ${Buffer.from(options.auth).toString('base64')}`);
    if (plan.type !== 'none') context.setDispatcher(this.#pooled(plan));
  }

  #pooled(plan: AgentPlan): Dispatcher {
    const material = tlsMaterial(plan);
    if (this.#pool && sameMaterial(this.#pool.material, material)) return this.#pool.dispatcher;
    // The old pool finishes what is in flight, then closes.
    if (this.#pool) closeQuietly(this.#pool.dispatcher);
    const dispatcher = new Agent({ connect: undiciConnect(plan) });
    this.#pool = { material, dispatcher };
    return dispatcher;
  }
}

/**
 * A kubeconfig file when given one; otherwise client-node's default chain (in-cluster service account first). Every
 * call made through it is reported to `observe` (the request metrics), when given.
 */
export function loadKubeConfig(path: string | undefined, observe?: KubeRequestObserver): KubeConfig {
  const kc = new PooledKubeConfig(observe);
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

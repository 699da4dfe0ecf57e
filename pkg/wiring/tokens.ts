// How the controllers get their Aiven tokens: the token secret caches the settings call for, the token resolver
// over them, which token secret change queues which app, and the start-up token check. Part of the composition
// root (pkg/wiring), with controllers.ts.
import type { KubeConfig, KubernetesObject, V1Secret } from '@kubernetes/client-node';
import { Registry } from 'prom-client';
import type { Settings } from '../../config/settings.ts';
import type { AivenApplication } from '../api/aiven-application.ts';
import { AivenClientPool } from '../aiven/client-pool.ts';
import { createAivenMetrics } from '../aiven/metrics.ts';
import { defaultRetryPolicy } from '../aiven/retry-policy.ts';
import { createAivenClient } from '../aiven/client.ts';
import { type SecretKeyRef, type TokenConfig } from '../aiven/token.ts';
import type { TokenCheck } from '../aiven/verify-token.ts';
import { AivenTokens } from '../aiven/app-tokens.ts';
import { TokenReferences } from './token-references.ts';
import type { Informer } from '../kube/informer.ts';
import { AppTokenSecrets, createNamedSecretInformer, secretView } from '../kube/token-secrets.ts';
import { objectKeyOf, type Controller } from '../runtime/controller.ts';
import { SecretStore } from '../kube/secret-store.ts';
import { systemClock } from '../runtime/clock.ts';
import type { Logger } from '../runtime/log.ts';

export interface Caches {
  readonly apps: Informer<AivenApplication>;
  readonly secrets: Informer<V1Secret>;
  readonly defaultToken?: Informer<V1Secret>;
  readonly appTokens?: AppTokenSecrets;
  /** The record key ring (records.ts). */
  readonly recordKeys: Informer<V1Secret>;
}

export function defaultTokenSecretOf(settings: Settings): SecretKeyRef | undefined {
  const name = settings.defaultTokenSecret;
  return name ? { namespace: settings.controllerNamespace, name, key: settings.defaultTokenSecretKey } : undefined;
}

function tokenConfigOf(settings: Settings): TokenConfig {
  const defaultSecret = defaultTokenSecretOf(settings);
  return {
    ...(defaultSecret ? { defaultSecret } : {}),
    ...(settings.aivenToken ? { environmentToken: settings.aivenToken } : {}),
    appSecretsAllowed: settings.appTokenSecrets,
  };
}

const clientOptionsOf = (settings: Settings, registry: Registry) => ({
  baseUrl: settings.aivenUrl,
  retry: defaultRetryPolicy,
  metrics: createAivenMetrics(registry),
  clock: systemClock,
  caTtlMs: 3_600_000,
  connectionTtlMs: 300_000,
});

export function buildTokens(settings: Settings, caches: Caches, registry: Registry): AivenTokens {
  const defaultSecret = defaultTokenSecretOf(settings);
  const isDefault = (namespace: string, name: string) =>
    defaultSecret?.namespace === namespace && defaultSecret.name === name;
  // The default token secret's cache holds its data; an app's token secret is read when first used.
  const read = (namespace: string, name: string) =>
    isDefault(namespace, name)
      ? secretView(caches.defaultToken?.get(name, namespace))
      : caches.appTokens?.view(namespace, name);
  const load = async (namespace: string, name: string, signal: AbortSignal) => {
    if (!isDefault(namespace, name)) await caches.appTokens?.load(namespace, name, signal);
  };
  const pool = new AivenClientPool(clientOptionsOf(settings, registry));
  return new AivenTokens(tokenConfigOf(settings), read, pool, load);
}

/** `--verify-token`, wired: the default token secret read through pkg/kube, the check in pkg/aiven. */
export function tokenCheckOf(settings: Settings, kc: KubeConfig, log: Logger): TokenCheck {
  const store = new SecretStore(kc);
  return {
    config: tokenConfigOf(settings),
    readSecret: async (namespace, name, signal) => secretView(await store.get(namespace, name, signal)),
    clientFor: (token) => createAivenClient({ ...clientOptionsOf(settings, new Registry()), token }),
    log,
  };
}

/** The token secret caches the settings call for, added to the app and managed-secret ones. */
export function tokenCaches(
  settings: Settings,
  kc: KubeConfig,
  log: Logger,
  caches: Pick<Caches, 'apps' | 'secrets' | 'recordKeys'>,
): Caches {
  const defaultSecret = defaultTokenSecretOf(settings);
  return {
    ...caches,
    ...(defaultSecret
      ? { defaultToken: createNamedSecretInformer(kc, log, 'default-token-secret', defaultSecret) }
      : {}),
    ...(settings.appTokenSecrets ? { appTokens: new AppTokenSecrets(kc, log, settings.watchNamespace) } : {}),
  };
}

/**
 * A token secret changed: every app using it is queued. Apps that were fine make a no-op reconcile (no Aiven call,
 * no write) and use the new token at their next call anyway; apps that failed for want of a token, or whose calls
 * the old token was refused on just now, try again with the new one. Queuing only the failed ones would race with
 * their own status write, which the cache may not hold yet when the secret's change arrives.
 */
export function watchTokens(caches: Caches, synchronizer: Controller, log: Logger): void {
  caches.defaultToken?.onChange((secret, kind) => {
    const users = caches.apps.list().filter((app) => !app.spec.authSecretRef);
    for (const app of users) synchronizer.enqueue(objectKeyOf(app));
    log.info('default token secret changed', {
      namespace: secret.metadata?.namespace,
      secretName: secret.metadata?.name,
      change: kind,
      resourceVersion: secret.metadata?.resourceVersion,
      appsQueued: users.length,
    });
  });
  const references = new TokenReferences();
  caches.apps.onChange((app, kind) => {
    references.update(app, kind);
  });
  caches.appTokens?.informer.onChange((secret, kind) => {
    const { namespace, name } = objectKeyOf(secret);
    if (!references.named(namespace, name)) return; // most secrets are nobody's token
    const users = caches.apps.list(namespace).filter((app) => app.spec.authSecretRef?.name === name);
    for (const app of users) synchronizer.enqueue(objectKeyOf(app));
    log.info('token secret changed', { namespace, secretName: name, change: kind, appsQueued: users.length });
  });
}

/** Every cache the manager must start and wait for. */
export const allCaches = (caches: Caches): Informer<KubernetesObject>[] =>
  [caches.apps, caches.secrets, caches.recordKeys, caches.defaultToken, caches.appTokens?.informer].flatMap((cache) =>
    cache ? [cache] : [],
  );

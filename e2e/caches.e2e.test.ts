// The controller's caches against the real API server: what each keeps of an object (slim, metadata only), the
// app token secrets' data read on demand, and lists read in pages through every API that serves them.
import { describe, expect, test } from '@jest/globals';
import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { createAivenApplicationInformer } from '../pkg/kube/aiven-applications.ts';
import { createManagedSecretInformer } from '../pkg/kube/secrets.ts';
import { AppTokenSecrets } from '../pkg/kube/token-secrets.ts';
import { createLogger } from '../pkg/runtime/log.ts';
import { createApps } from '../testenv/many-apps.ts';
import { waitFor } from '../testenv/wait.ts';
import { testKubeConfig } from './support/cluster.ts';
import { useTestNamespace } from './support/namespace.ts';

const log = createLogger({ format: 'json', level: 'error' });

describe('the managed-secret informer', () => {
  const ns = useTestNamespace('secrets');

  test('caches only secrets with the managed label, selected by the API server, and of them no data', async () => {
    const kc = testKubeConfig();
    const core = kc.makeApiClient(CoreV1Api);
    const managed = (name: string) => ({
      metadata: { name, labels: { type: 'aivenator.aiven.nais.io' }, annotations: { record: name } },
      data: { PASSWORD: Buffer.from('secret').toString('base64') },
    });
    // One before the first list, one after it (seen by the watch): each path keeps only metadata.
    await core.createNamespacedSecret({ namespace: ns.name, body: managed('listed') });
    const informer = createManagedSecretInformer(kc, log);
    const stop = new AbortController();
    await informer.start(stop.signal);
    try {
      await core.createNamespacedSecret({ namespace: ns.name, body: { metadata: { name: 'other' } } });
      await core.createNamespacedSecret({ namespace: ns.name, body: managed('watched') });
      await waitFor('the managed secret', () => Promise.resolve(informer.get('watched', ns.name)), {
        timeoutMs: 10_000,
      });
      const cached = informer.list(ns.name);
      expect(cached.map((s) => s.metadata?.name).sort()).toEqual(['listed', 'watched']);
      for (const secret of cached) {
        expect(secret.data).toBeUndefined();
        expect(secret.metadata?.managedFields).toBeUndefined();
        expect(secret.metadata?.annotations).toEqual({ record: secret.metadata?.name });
      }
    } finally {
      stop.abort();
      await informer.stop();
    }
  });
});

describe('the app token secret cache', () => {
  const ns = useTestNamespace('token-cache');

  test('keeps every secret by version only, and the data of a token secret once it is read, until it changes', async () => {
    const kc = testKubeConfig();
    const core = kc.makeApiClient(CoreV1Api);
    const encode = (text: string) => Buffer.from(text).toString('base64');
    await core.createNamespacedSecret({
      namespace: ns.name,
      body: { metadata: { name: 'unrelated' }, data: { big: encode('x'.repeat(5000)) } },
    });
    await core.createNamespacedSecret({
      namespace: ns.name,
      body: { metadata: { name: 'token' }, data: { token: encode('one') } },
    });
    const cache = new AppTokenSecrets(kc, log, ns.name);
    const stop = new AbortController();
    await cache.informer.start(stop.signal);
    try {
      for (const secret of cache.informer.list(ns.name)) {
        expect(secret.data).toBeUndefined();
        expect(Object.keys(secret.metadata ?? {}).sort()).toEqual(['name', 'namespace', 'resourceVersion', 'uid']);
      }
      expect(cache.view(ns.name, 'token')).toBeUndefined(); // not read yet
      await cache.load(ns.name, 'token', stop.signal);
      expect(cache.view(ns.name, 'token')?.data).toEqual({ token: encode('one') });

      await core.patchNamespacedSecret(
        { name: 'token', namespace: ns.name, body: { data: { token: encode('two') } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      await waitFor(
        'the new version, read again',
        async () => {
          await cache.load(ns.name, 'token', stop.signal);
          return cache.view(ns.name, 'token')?.data.token === encode('two') ? true : undefined;
        },
        { timeoutMs: 10_000 },
      );
      await core.deleteNamespacedSecret({ name: 'token', namespace: ns.name });
      await waitFor('the deletion', () => Promise.resolve(cache.view(ns.name, 'token') ? undefined : true), {
        timeoutMs: 10_000,
      });
      await cache.load(ns.name, 'missing', stop.signal);
      expect(cache.view(ns.name, 'missing')).toBeUndefined();
    } finally {
      stop.abort();
      await cache.informer.stop();
    }
  });
});

describe('the caches list in pages', () => {
  const ns = useTestNamespace('pages');

  test('apps, managed secrets and token secrets: every page, whichever API serves it', async () => {
    const kc = testKubeConfig();
    const core = kc.makeApiClient(CoreV1Api);
    const custom = kc.makeApiClient(CustomObjectsApi);
    // No controller runs here: the apps' services are never looked up.
    await createApps(custom, { namespace: ns.name, count: 5, prefix: 'paged' }, { kafka: { pool: 'dev-nais-dev' } });
    for (let i = 0; i < 5; i++)
      await core.createNamespacedSecret({
        namespace: ns.name,
        body: { metadata: { name: `paged-${String(i)}`, labels: { type: 'aivenator.aiven.nais.io' } } },
      });
    const caches = [
      createAivenApplicationInformer(kc, log, ns.name, 2),
      createManagedSecretInformer(kc, log, ns.name, 2),
      new AppTokenSecrets(kc, log, ns.name, 2).informer,
    ];
    const stop = new AbortController();
    try {
      for (const cache of caches) {
        await cache.start(stop.signal);
        expect([cache.name, cache.list(ns.name).length]).toEqual([cache.name, 5]);
      }
    } finally {
      stop.abort();
      for (const cache of caches) await cache.stop();
    }
  });
});

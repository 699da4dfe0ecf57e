// Proves the test control plane is a real one: the behaviours below come from kube-apiserver, etcd and
// kube-controller-manager, not from anything this project wrote.
import { describe, expect, test } from '@jest/globals';
import { ApiException, AppsV1Api, CoreV1Api, Watch, type V1ConfigMap } from '@kubernetes/client-node';
import { testKubeConfig } from './support/cluster.ts';
import { useTestNamespace } from './support/namespace.ts';
import { waitFor } from '../testenv/wait.ts';

const kc = testKubeConfig();
const core = kc.makeApiClient(CoreV1Api);
const apps = kc.makeApiClient(AppsV1Api);

const isNotFound = (err: unknown) => err instanceof ApiException && err.code === 404;

async function isGone(read: () => Promise<unknown>): Promise<true | undefined> {
  try {
    await read();
    return undefined;
  } catch (err) {
    if (isNotFound(err)) return true;
    throw err;
  }
}

describe('the test control plane', () => {
  const ns = useTestNamespace('cp');

  test('keeps a Secret with a finalizer until the finalizer is removed', async () => {
    const name = 'guarded';
    const namespace = ns.name;
    await core.createNamespacedSecret({
      namespace,
      body: { metadata: { name, finalizers: ['aivenator.aiven.nais.io/finalizer'] }, stringData: { key: 'value' } },
    });
    await core.deleteNamespacedSecret({ name, namespace });

    const terminating = await core.readNamespacedSecret({ name, namespace });
    expect(terminating.metadata?.deletionTimestamp).toBeDefined();
    expect(terminating.metadata?.finalizers).toEqual(['aivenator.aiven.nais.io/finalizer']);

    terminating.metadata = { ...terminating.metadata, finalizers: [] };
    await core.replaceNamespacedSecret({ name, namespace, body: terminating });
    await waitFor('the secret to be gone', () => isGone(() => core.readNamespacedSecret({ name, namespace })), {
      timeoutMs: 10_000,
    });
  });

  test('delivers ADDED, MODIFIED and DELETED to a watch', async () => {
    const namespace = ns.name;
    const seen: string[] = [];
    const watching = await new Watch(kc).watch(
      `/api/v1/namespaces/${namespace}/configmaps`,
      // The root-CA publisher adds kube-root-ca.crt to every namespace; watch only the object under test.
      { fieldSelector: 'metadata.name=watched' },
      (phase: string, object: V1ConfigMap) => seen.push(`${phase} ${object.metadata?.name ?? ''}`),
      () => undefined,
    );
    try {
      await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'watched' }, data: { a: '1' } } });
      await core.patchNamespacedConfigMap({
        name: 'watched',
        namespace,
        body: [{ op: 'add', path: '/data/b', value: '2' }],
      });
      await core.deleteNamespacedConfigMap({ name: 'watched', namespace });
      await waitFor('three watch events', () => Promise.resolve(seen.length >= 3 || undefined), { timeoutMs: 10_000 });
    } finally {
      watching.abort();
    }
    expect(seen).toEqual(['ADDED watched', 'MODIFIED watched', 'DELETED watched']);
  });

  test('rejects an update with a stale resourceVersion with 409 Conflict', async () => {
    const namespace = ns.name;
    const created = await core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'contended' }, data: { v: '1' } },
    });
    await core.replaceNamespacedConfigMap({ name: 'contended', namespace, body: { ...created, data: { v: '2' } } });

    const stale = core.replaceNamespacedConfigMap({
      name: 'contended',
      namespace,
      body: { ...created, data: { v: '3' } },
    });
    await expect(stale).rejects.toMatchObject({ code: 409 });
    expect((await core.readNamespacedConfigMap({ name: 'contended', namespace })).data).toEqual({ v: '2' });
  });

  test('finishes deleting a namespace and its contents (namespace controller)', async () => {
    const name = `${ns.name}-doomed`;
    await core.createNamespace({ body: { metadata: { name } } });
    await core.createNamespacedConfigMap({ namespace: name, body: { metadata: { name: 'content' } } });
    await core.deleteNamespace({ name });
    await waitFor('the namespace to be gone', () => isGone(() => core.readNamespace({ name })), {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
  });

  test('turns a Deployment into a ReplicaSet and Pods, and garbage-collects them with it', async () => {
    const namespace = ns.name;
    const labels = { app: 'web' };
    await apps.createNamespacedDeployment({
      namespace,
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: { containers: [{ name: 'web', image: 'example.invalid/web:1' }] } },
        },
      },
    });
    const owned = (owner: string) => (o: { metadata?: { ownerReferences?: { kind: string }[] } }) =>
      o.metadata?.ownerReferences?.some((ref) => ref.kind === owner) === true;
    const podsOf = async () => (await core.listNamespacedPod({ namespace })).items.filter(owned('ReplicaSet'));

    await waitFor('two pods', async () => ((await podsOf()).length === 2 ? true : undefined), { timeoutMs: 30_000 });
    const replicaSets = (await apps.listNamespacedReplicaSet({ namespace })).items;
    expect(replicaSets.filter(owned('Deployment'))).toHaveLength(1);
    // No scheduler or kubelet: pods exist but never run, which is all a controller that reads pod specs needs.
    expect((await podsOf()).map((p) => p.status?.phase)).toEqual(['Pending', 'Pending']);

    await apps.deleteNamespacedDeployment({ name: 'web', namespace, body: { propagationPolicy: 'Background' } });
    await waitFor('the pods to be collected', async () => ((await podsOf()).length === 0 ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
  });
});

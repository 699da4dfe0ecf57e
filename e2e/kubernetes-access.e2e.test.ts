// Kubernetes access against the real API server and controller-manager: the kubeconfig the controller writes into an
// app's secret works, with exactly the rules asked for, in exactly the namespace asked for; a rules change replaces
// them; deleting the app or the secret leaves no token that authenticates; the policy refuses before anything exists.
import { afterEach, describe, expect, test } from '@jest/globals';
import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { createKubernetesHandler } from '../handlers/kubernetes/index.ts';
import { KubernetesAccessStore } from '../pkg/kube/access.ts';
import { systemClock } from '../pkg/runtime/clock.ts';
import { createLogger } from '../pkg/runtime/log.ts';
import { ManualClock } from '../pkg/runtime/manual-clock.ts';
import { specHash } from '../pkg/synchronizer/hash.ts';
import { planSync } from '../pkg/synchronizer/plan.ts';
import { testKubeConfig } from './support/cluster.ts';
import { useTestNamespace } from './support/namespace.ts';
import type { AivenApplication, KubernetesAccessSpec, PolicyRule } from '../pkg/api/aiven-application.ts';
import { createApp } from './support/aiven-applications.ts';
import { useSynchronizer } from './support/synchronizer.ts';
import { waitFor } from '../testenv/wait.ts';

const configmaps: PolicyRule = { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] };
const pods: PolicyRule = { apiGroups: [''], resources: ['pods'], verbs: ['list'] };

const accessApp = (name: string, kubernetes: KubernetesAccessSpec): AivenApplication => ({
  apiVersion: 'aiven.nais.io/v1',
  kind: 'AivenApplication',
  metadata: { name },
  spec: { secretName: `${name}-access`, kubernetes },
});

/** The status code a call made with this kubeconfig gets (200 when it succeeds). */
async function statusOf(call: () => Promise<unknown>): Promise<number> {
  try {
    await call();
    return 200;
  } catch (err) {
    return (err as { code?: number }).code ?? 0;
  }
}

describe('Kubernetes access', () => {
  const harness = useSynchronizer();
  const { kc, core, ns } = harness;
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  const soon = { timeoutMs: 30_000, intervalMs: 250 };
  const others: string[] = [];
  afterEach(async () => {
    for (const name of others.splice(0)) await core.deleteNamespace({ name }).catch(() => undefined);
  });
  const otherNamespace = async (): Promise<string> => {
    const name = `target-${randomBytes(4).toString('hex')}`;
    await core.createNamespace({ body: { metadata: { name } } });
    others.push(name);
    return name;
  };
  const start = (extra: string[] = []) => {
    harness.start(['--kubernetes-access=true', '--janitor-interval=1h', ...extra]);
  };

  /** The secret's kubeconfig as a client, once the secret holds one (a different one than `not`, if given). */
  async function accessOf(secretName: string, not?: string): Promise<{ api: CoreV1Api; token: string }> {
    const data = await waitFor(
      `a kubeconfig in ${secretName}`,
      async () => {
        const found = (await harness.secret(secretName))?.data;
        const token = found?.KUBERNETES_TOKEN ? Buffer.from(found.KUBERNETES_TOKEN, 'base64').toString() : undefined;
        return found?.kubeconfig && token !== not ? found : undefined;
      },
      soon,
    );
    const client = new KubeConfig();
    client.loadFromString(Buffer.from(data.kubeconfig ?? '', 'base64').toString('utf8'));
    return {
      api: client.makeApiClient(CoreV1Api),
      token: Buffer.from(data.KUBERNETES_TOKEN ?? '', 'base64').toString(),
    };
  }

  test('grants exactly the rules, in exactly the namespace; a rules change replaces them', async () => {
    start();
    await createApp(ns.name, accessApp('ci', { rules: [configmaps] }));
    const { api, token } = await accessOf('ci-access');
    const secret = await harness.secret('ci-access');
    expect(Buffer.from(secret?.data?.KUBERNETES_NAMESPACE ?? '', 'base64').toString()).toBe(ns.name);
    expect(await statusOf(() => api.listNamespacedConfigMap({ namespace: ns.name }))).toBe(200);
    const configMap = { metadata: { name: 'x' } };
    expect(await statusOf(() => api.createNamespacedConfigMap({ namespace: ns.name, body: configMap }))).toBe(403);
    expect(await statusOf(() => api.listNamespacedPod({ namespace: ns.name }))).toBe(403);
    expect(await statusOf(() => api.listNamespacedConfigMap({ namespace: 'default' }))).toBe(403);
    expect(await statusOf(() => api.listNamespacedSecret({ namespace: ns.name }))).toBe(403);

    await harness.patchApp('ci', [{ op: 'replace', path: '/spec/kubernetes/rules', value: [pods] }]);
    const renewed = await accessOf('ci-access', token);
    await waitFor(
      'configmaps no longer granted',
      async () =>
        (await statusOf(() => renewed.api.listNamespacedConfigMap({ namespace: ns.name }))) === 403 ? true : undefined,
      soon,
    );
    expect(await statusOf(() => renewed.api.listNamespacedPod({ namespace: ns.name }))).toBe(200);
    const role = await rbac.readNamespacedRole({ namespace: ns.name, name: `aivenator-${ns.name}-ci` });
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }]);
  });

  test('deleting the app takes the three objects with it, and its token stops authenticating', async () => {
    start();
    await createApp(ns.name, accessApp('gone', { rules: [configmaps] }));
    const { api } = await accessOf('gone-access');
    expect(await statusOf(() => api.listNamespacedConfigMap({ namespace: ns.name }))).toBe(200);
    await harness.deleteApp('gone');
    await harness.deleteSecret('gone-access');
    await harness.waitForSecretGone('gone-access');
    const role = `aivenator-${ns.name}-gone`;
    expect(
      await statusOf(() => core.readNamespacedServiceAccount({ namespace: ns.name, name: 'aivenator-gone' })),
    ).toBe(404);
    expect(await statusOf(() => rbac.readNamespacedRole({ namespace: ns.name, name: role }))).toBe(404);
    expect(await statusOf(() => rbac.readNamespacedRoleBinding({ namespace: ns.name, name: role }))).toBe(404);
    // The API server caches a token's check for about ten seconds.
    await waitFor(
      'the token refused',
      async () =>
        (await statusOf(() => api.listNamespacedConfigMap({ namespace: ns.name }))) === 401 ? true : undefined,
      { timeoutMs: 30_000, intervalMs: 1000 },
    );
  });

  test('deleting only the secret revokes its token; the secret written again holds a new one that works', async () => {
    start();
    await createApp(ns.name, accessApp('reissued', { rules: [configmaps] }));
    const first = await accessOf('reissued-access');
    expect(await statusOf(() => first.api.listNamespacedConfigMap({ namespace: ns.name }))).toBe(200); // checked, cached
    await harness.deleteSecret('reissued-access');
    const second = await accessOf('reissued-access', first.token);
    expect(second.token).not.toBe(first.token);
    expect(await statusOf(() => second.api.listNamespacedConfigMap({ namespace: ns.name }))).toBe(200);
    await waitFor(
      'the first token refused',
      async () =>
        (await statusOf(() => first.api.listNamespacedConfigMap({ namespace: ns.name }))) === 401 ? true : undefined,
      { timeoutMs: 30_000, intervalMs: 1000 },
    );
  });

  test('grants in a namespace the policy allows, and only there', async () => {
    const target = await otherNamespace();
    start([`--kubernetes-namespaces=${target}`]);
    await createApp(ns.name, accessApp('tools', { namespace: target, rules: [configmaps] }));
    const { api } = await accessOf('tools-access');
    expect(await statusOf(() => api.listNamespacedConfigMap({ namespace: target }))).toBe(200);
    expect(await statusOf(() => api.listNamespacedConfigMap({ namespace: ns.name }))).toBe(403);
    const kubeconfig = Buffer.from((await harness.secret('tools-access'))?.data?.kubeconfig ?? '', 'base64').toString();
    expect(kubeconfig).toContain(`namespace: ${target}`);
  });

  test('a request outside the policy creates nothing and names the rule or the namespace', async () => {
    const elsewhere = await otherNamespace();
    start();
    await createApp(
      ns.name,
      accessApp('greedy', { rules: [configmaps, { apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] }),
    );
    await createApp(ns.name, accessApp('roaming', { namespace: elsewhere, rules: [configmaps] }));
    const greedy = await harness.waitForReady('greedy', 'False');
    expect(greedy.reason).toBe('KubernetesRuleNotAllowed');
    expect(greedy.message).toContain('spec.kubernetes.rules[1]: resource "secrets" may not be granted');
    const roaming = await harness.waitForReady('roaming', 'False');
    expect(roaming.reason).toBe('KubernetesNamespaceNotAllowed');
    expect(roaming.message).toContain(`spec.kubernetes.namespace: ${elsewhere}`);
    expect(
      (await core.listNamespacedServiceAccount({ namespace: ns.name })).items.map((sa) => sa.metadata?.name),
    ).not.toContain('aivenator-greedy');
    expect((await rbac.listNamespacedRole({ namespace: elsewhere })).items).toEqual([]);
    expect(await harness.secret('greedy-access')).toBeUndefined();
  });

  test('with the feature off an app asking for access is told so, and nothing is created', async () => {
    harness.start(['--janitor-interval=1h']);
    await createApp(ns.name, accessApp('off', { rules: [configmaps] }));
    const off = await harness.waitForReady('off', 'False');
    expect(off.reason).toBe('KubernetesAccessDisabled');
    expect((await rbac.listNamespacedRole({ namespace: ns.name })).items).toEqual([]);
  });
});

describe('Kubernetes access tokens over time (the handler and the plan, with an injected clock)', () => {
  const kc = testKubeConfig();
  const core = kc.makeApiClient(CoreV1Api);
  const ns = useTestNamespace('k8s-rotate');
  const handler = createKubernetesHandler();
  const access = new KubernetesAccessStore(kc);
  const policy = { enabled: true, namespaces: [], deniedResources: ['secrets'], deniedApiGroups: [], deniedVerbs: [] };
  const facts = {
    config: { mainProject: 'p', kafkaPools: [], kubernetes: policy },
    instance: () => '',
  };

  test('two thirds into its life the plan says renew, and the new token works and differs', async () => {
    const spec = { secretName: 'rotating-access', kubernetes: { tokenTTL: '10m', rules: [configmaps] } };
    const app: AivenApplication = {
      ...accessApp('rotating', spec.kubernetes),
      metadata: { name: 'rotating', namespace: ns.name, uid: 'u1', generation: 1 },
      status: { synchronizationHash: specHash(spec) },
    };
    const secret = await core.createNamespacedSecret({
      namespace: ns.name,
      body: { metadata: { name: 'rotating-access', labels: { type: 'aivenator.aiven.nais.io' } } },
    });
    const issue = async (): Promise<Record<string, string>> => {
      const provisioned = await handler.declare(app, facts).provision({
        aiven: undefined as never, // the access handler makes no Aiven call
        kubernetes: access,
        secretUid: () => secret.metadata?.uid,
        log: createLogger({ format: 'json', level: 'error', stream: new PassThrough() }),
        signal: AbortSignal.timeout(30_000),
        clock: systemClock,
      });
      const keys = provisioned.keys['rotating-access'] ?? {};
      return Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
    };
    const first = await issue();
    const clock = new ManualClock(Date.now());
    const view = (data: Record<string, string>) => ({
      app,
      now: clock.now(),
      handlers: [handler],
      cached: () => ({
        ...secret,
        metadata: { ...secret.metadata, annotations: { 'aivenator.aiven.nais.io/owner': `${ns.name}/rotating` } },
        data,
      }),
      managedInNamespace: () => [],
      record: () => ({ signature: 'current' as const, annotations: {}, refused: [] }),
      remembered: undefined,
      userGracePeriodMs: 3_600_000,
    });
    const fresh = planSync(view(first));
    expect(fresh).toMatchObject({ action: 'up-to-date' });
    const lookAfter = fresh.action === 'up-to-date' ? (fresh.requeueAfterMs ?? 0) : 0;
    expect(lookAfter).toBeGreaterThan(390_000); // 2/3 of 10 minutes, less the time taken so far
    expect(lookAfter).toBeLessThanOrEqual(400_000);

    clock.advance(lookAfter);
    expect(planSync(view(first))).toMatchObject({ action: 'synchronize' });
    const second = await issue();
    const tokenOf = (data: Record<string, string>) => Buffer.from(data.KUBERNETES_TOKEN ?? '', 'base64').toString();
    expect(tokenOf(second)).not.toBe(tokenOf(first));
    const client = new KubeConfig();
    client.loadFromString(Buffer.from(second.kubeconfig ?? '', 'base64').toString());
    expect(await statusOf(() => client.makeApiClient(CoreV1Api).listNamespacedConfigMap({ namespace: ns.name }))).toBe(
      200,
    );
  });
});

// The chart with Kubernetes access on and off: off renders none of its rules; on renders exactly
// config/rbac/kubernetes-access-role.yaml's, and with only the RBAC the chart renders the controller grants working
// access and takes it away again.
import { afterEach, describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CoreV1Api,
  KubeConfig,
  RbacAuthorizationV1Api,
  type KubernetesObject,
  type V1ClusterRole,
  type V1ClusterRoleBinding,
  type V1Role,
  type V1RoleBinding,
} from '@kubernetes/client-node';
import { parse } from 'yaml';
import { createApp } from './support/aiven-applications.ts';
import { renderChart, renderedEnv, startAsChartRuns, type RenderedObject } from './support/chart.ts';
import type { ControllerProcess } from './support/controller.ts';
import { useSynchronizer } from './support/synchronizer.ts';
import { waitFor } from '../testenv/wait.ts';

const accessRole = parse(
  readFileSync(fileURLToPath(new URL('../config/rbac/kubernetes-access-role.yaml', import.meta.url)), 'utf8'),
) as V1ClusterRole;

const rendered = (objects: readonly RenderedObject[], kind: string, name: string): KubernetesObject | undefined =>
  objects.find((o) => o.kind === kind && o.metadata?.name === name);
// Casts: the rendered YAML of each kind, as the typed body the API client takes.
const clusterRole = (objects: readonly RenderedObject[], name: string) =>
  rendered(objects, 'ClusterRole', name) as V1ClusterRole | undefined;
const bindingBody = (object: KubernetesObject | undefined) => object as V1ClusterRoleBinding & V1RoleBinding;

describe('the chart, Kubernetes access', () => {
  test('off (the default): none of its rules', () => {
    const objects = renderChart('nais-system', {});
    expect(rendered(objects, 'ClusterRole', 'aivenator-kubernetes-access')).toBeUndefined();
    const rules = objects.filter((o) => o.kind === 'ClusterRole').flatMap((o) => (o as V1ClusterRole).rules ?? []);
    expect(rules.flatMap((r) => r.resources ?? [])).not.toEqual(expect.arrayContaining(['serviceaccounts']));
    expect(rules.flatMap((r) => r.resources ?? [])).not.toEqual(expect.arrayContaining(['roles']));
    expect(renderedEnv(objects)).toMatchObject({ AIVENATOR_KUBERNETES_ACCESS: 'false' });
  });

  test("on: exactly config/rbac/kubernetes-access-role.yaml's rules, and the policy as settings", () => {
    const objects = renderChart('nais-system', {
      'kubernetesAccess.enabled': 'true',
      'kubernetesAccess.namespaces[0]': 'tools',
      'kubernetesAccess.server': 'https://k8s.example:6443',
    });
    const role = clusterRole(objects, 'aivenator-kubernetes-access');
    expect(role?.rules).toEqual(accessRole.rules);
    expect(renderedEnv(objects)).toMatchObject({
      AIVENATOR_KUBERNETES_ACCESS: 'true',
      AIVENATOR_KUBERNETES_NAMESPACES: 'tools',
      AIVENATOR_KUBERNETES_SERVER: 'https://k8s.example:6443',
    });
  });
});

describe('Kubernetes access with the RBAC the chart renders', () => {
  const harness = useSynchronizer();
  const { ns, kc } = harness;
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  let controller: ControllerProcess | undefined;
  let release = '';
  afterEach(async () => {
    await controller?.stop();
    controller = undefined;
    for (const name of [release, `${release}-kubernetes-access`]) {
      await rbac.deleteClusterRoleBinding({ name }).catch(() => undefined);
      await rbac.deleteClusterRole({ name }).catch(() => undefined);
    }
  });

  async function installRbac(objects: readonly RenderedObject[]): Promise<void> {
    await core.createNamespacedServiceAccount({ namespace: ns.name, body: { metadata: { name: release } } });
    for (const name of [release, `${release}-kubernetes-access`]) {
      await rbac.createClusterRole({ body: clusterRole(objects, name) ?? {} });
      await rbac.createClusterRoleBinding({ body: bindingBody(rendered(objects, 'ClusterRoleBinding', name)) });
    }
    await rbac.createNamespacedRole({ namespace: ns.name, body: rendered(objects, 'Role', release) as V1Role });
    await rbac.createNamespacedRoleBinding({
      namespace: ns.name,
      body: bindingBody(rendered(objects, 'RoleBinding', release)),
    });
  }

  test('grants, and takes away, access it does not hold itself', async () => {
    release = `aivenator-${ns.name}`;
    const objects = renderChart(ns.name, { 'kubernetesAccess.enabled': 'true' }, release);
    await installRbac(objects);
    controller = await startAsChartRuns(objects, {
      namespace: ns.name,
      release,
      aivenUrl: harness.simulator.sim.url,
      env: { AIVENATOR_AIVEN_TOKEN: 'sim-admin-token' },
    });
    await createApp(ns.name, {
      apiVersion: 'aiven.nais.io/v1',
      kind: 'AivenApplication',
      metadata: { name: 'ci' },
      spec: {
        secretName: 'ci-access',
        kubernetes: { rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['list'] }] },
      },
    });
    const data = await waitFor(
      'a kubeconfig',
      async () => {
        const found = await harness.secret('ci-access');
        return found?.data?.kubeconfig ? found.data : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const access = new KubeConfig();
    access.loadFromString(Buffer.from(data.kubeconfig ?? '', 'base64').toString());
    await access.makeApiClient(CoreV1Api).listNamespacedConfigMap({ namespace: ns.name });
    await harness.deleteApp('ci');
    await harness.deleteSecret('ci-access');
    await harness.waitForSecretGone('ci-access');
    expect((await rbac.listNamespacedRole({ namespace: ns.name })).items.map((r) => r.metadata?.name)).toEqual([
      release,
    ]);
    expect(controller.output()).not.toContain('HTTP 403');
  });
});

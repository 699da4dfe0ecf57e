// The Helm chart: what each token mode renders (RBAC, settings), and that the centralized mode's RBAC is enough for
// the controller to run and synchronize, with a real ServiceAccount token bound to the rendered roles only.
import { afterEach, describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CoreV1Api,
  RbacAuthorizationV1Api,
  setHeaderOptions,
  type V1Deployment,
  type V1PodDisruptionBudget,
  type V1Service,
  type V1PodSpec,
  type V1ClusterRole,
  type V1ClusterRoleBinding,
  type V1Role,
  type V1RoleBinding,
} from '@kubernetes/client-node';
import { parse } from 'yaml';
import type { AivenApplication } from '../pkg/api/aiven-application.ts';
import { createApp, describeRejection } from './support/aiven-applications.ts';
import { testKubeConfig } from './support/cluster.ts';
import { useTestNamespace } from './support/namespace.ts';
import { adminToken } from './support/aiven.ts';
import { findRendered, renderChart, renderedEnv, startAsChartRuns, type RenderedObject } from './support/chart.ts';
import type { ControllerProcess } from './support/controller.ts';
import { kafkaApp, useSynchronizer } from './support/synchronizer.ts';

const readYaml = (path: string): unknown => parse(readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8'));
const projectClusterRole = readYaml('../config/rbac/role.yaml') as V1ClusterRole;
const projectLeaseRole = readYaml('../config/rbac/leader-election-role.yaml') as V1Role;
const chartVersion = (readYaml('../charts/aivenator/Chart.yaml') as { appVersion: string }).appVersion;

const modes = {
  centralized: { 'defaultTokenSecret.name': 'aivenator-aiven-token', appTokenSecrets: 'false' },
  perApp: {},
  mixed: { 'defaultTokenSecret.name': 'aivenator-aiven-token' },
};

const secretRulesOf = (objects: RenderedObject[]) =>
  ((findRendered(objects, 'Role') as unknown as V1Role).rules ?? []).filter((r) => r.resources?.includes('secrets'));
/** The secrets the Role lets the controller read by name: the record key ring always, and what the mode adds. */
const secretRule = (...names: string[]) => [
  {
    apiGroups: [''],
    resources: ['secrets'],
    resourceNames: ['aivenator-record-keys', ...names],
    verbs: ['get', 'list', 'watch'],
  },
];

describe('the Helm chart', () => {
  test.each(Object.entries(modes))('%s mode: the ClusterRole is config/rbac/role.yaml', (_, values) => {
    const clusterRole = findRendered(renderChart('team', values), 'ClusterRole') as unknown as V1ClusterRole;
    expect(clusterRole.rules).toEqual(projectClusterRole.rules);
  });

  test('centralized mode: the default token secret, by name only; apps may not name their own', () => {
    const objects = renderChart('nais-system', modes.centralized);
    expect(secretRulesOf(objects)).toEqual(secretRule('aivenator-aiven-token'));
    expect(renderedEnv(objects)).toMatchObject({
      AIVENATOR_DEFAULT_TOKEN_SECRET: 'aivenator-aiven-token',
      AIVENATOR_DEFAULT_TOKEN_SECRET_KEY: 'token',
      AIVENATOR_APP_TOKEN_SECRETS: 'false',
    });
  });

  test('per-app mode: no default secret, apps name their own', () => {
    const objects = renderChart('nais-system', modes.perApp);
    expect(secretRulesOf(objects)).toEqual(secretRule());
    expect(renderedEnv(objects)).not.toHaveProperty('AIVENATOR_DEFAULT_TOKEN_SECRET');
    expect(renderedEnv(objects)).toMatchObject({ AIVENATOR_APP_TOKEN_SECRETS: 'true' });
  });

  test('mixed mode: both', () => {
    const objects = renderChart('nais-system', modes.mixed);
    expect(secretRulesOf(objects)).toEqual(secretRule('aivenator-aiven-token'));
    expect(renderedEnv(objects)).toMatchObject({
      AIVENATOR_DEFAULT_TOKEN_SECRET: 'aivenator-aiven-token',
      AIVENATOR_APP_TOKEN_SECRETS: 'true',
      AIVENATOR_RECORD_KEY_SECRET: 'aivenator-record-keys',
      AIVENATOR_ACCEPT_UNSIGNED_RECORDS: 'true',
    });
  });

  test('serves metrics through a Service, and keeps a replica through a drain when it has two', () => {
    const objects = renderChart('team', {});
    const service = findRendered(objects, 'Service') as unknown as V1Service;
    expect(service.spec?.ports).toEqual([{ name: 'http', port: 8080, targetPort: 'http' }]);
    const deployment = findRendered(objects, 'Deployment') as unknown as V1Deployment;
    expect(service.spec?.selector).toEqual(deployment.spec?.selector.matchLabels);
    const budget = findRendered(objects, 'PodDisruptionBudget') as unknown as V1PodDisruptionBudget;
    expect(budget.spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: deployment.spec?.selector.matchLabels },
    });
    expect(findRendered(renderChart('team', { replicas: '1' }), 'PodDisruptionBudget')).toBeUndefined();
  });

  test("the Role's lease rule is config/rbac/leader-election-role.yaml's", () => {
    const role = findRendered(renderChart('team', {}), 'Role') as unknown as V1Role;
    expect(role.rules?.filter((r) => r.resources?.includes('leases'))).toEqual(projectLeaseRole.rules);
  });

  test('refuses a value it does not know: a typo is an error, not a silent default', () => {
    expect(() => renderChart('team', { replica: '3' })).toThrow(/additional properties 'replica' not allowed/);
    expect(() => renderChart('team', { 'log.levle': 'debug' })).toThrow(/levle/);
    expect(() => renderChart('team', { 'log.level': 'trace' })).toThrow(/log\/level/);
  });

  test("sets the controller's settings and the pod's placement from values", () => {
    const objects = renderChart('team', {
      'log.level': 'debug',
      'log.format': 'text',
      workers: '20',
      watchNamespace: 'apps',
      'extraEnv.AIVENATOR_USER_GRACE_PERIOD': '2h',
      'nodeSelector.pool': 'system',
      'podAnnotations.team': 'platform',
      'imagePullSecrets[0].name': 'registry',
      'tolerations[0].key': 'dedicated',
      'tolerations[0].operator': 'Exists',
    });
    expect(renderedEnv(objects)).toMatchObject({
      AIVENATOR_LOG_LEVEL: 'debug',
      AIVENATOR_LOG_FORMAT: 'text',
      AIVENATOR_WORKERS: '20',
      AIVENATOR_WATCH_NAMESPACE: 'apps',
      AIVENATOR_USER_GRACE_PERIOD: '2h',
    });
    const template = (findRendered(objects, 'Deployment') as unknown as V1Deployment).spec?.template;
    expect(template?.metadata?.annotations).toEqual({ team: 'platform' });
    expect(template?.spec).toMatchObject({
      nodeSelector: { pool: 'system' },
      imagePullSecrets: [{ name: 'registry' }],
      tolerations: [{ key: 'dedicated', operator: 'Exists' }],
    });
  });

  test('refuses a default token secret or a record key secret that is not a secret name', () => {
    expect(() => renderChart('team', { 'defaultTokenSecret.name': 'Not_A_Name' })).toThrow(/defaultTokenSecret/);
    expect(() => renderChart('team', { 'recordKeys.secretName': '' })).toThrow(/recordKeys/);
  });
});

describe("the chart's pod", () => {
  const ns = useTestNamespace('restricted');
  const core = testKubeConfig().makeApiClient(CoreV1Api);

  /** The test's namespace enforcing Pod Security "restricted", with the chart's ServiceAccount in it. */
  async function enforceRestricted(): Promise<void> {
    await core.patchNamespace(
      { name: ns.name, body: { metadata: { labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } } },
      setHeaderOptions('Content-Type', 'application/merge-patch+json'),
    );
    await core.createNamespacedServiceAccount({ namespace: ns.name, body: { metadata: { name: 'aivenator' } } });
  }

  /** Creates the pod as the ReplicaSet controller would (dry run: admission runs, nothing is stored); why not, if not. */
  const admit = (spec: V1PodSpec): Promise<string | undefined> =>
    core
      .createNamespacedPod({ namespace: ns.name, body: { metadata: { name: 'aivenator' }, spec }, dryRun: 'All' })
      .then(
        () => undefined,
        (err: unknown) => describeRejection(err).message,
      );

  const renderedPodSpec = (values: Record<string, string> = {}): V1PodSpec => {
    const deployment = findRendered(renderChart(ns.name, values), 'Deployment') as unknown as V1Deployment;
    return deployment.spec?.template.spec ?? { containers: [] };
  };

  test('is admitted where Pod Security enforces "restricted"; the same pod without its seccomp profile is not', async () => {
    await enforceRestricted();
    expect(await admit(renderedPodSpec())).toBeUndefined();
    const withoutSeccomp = renderedPodSpec();
    delete withoutSeccomp.securityContext?.seccompProfile;
    expect(await admit(withoutSeccomp)).toMatch(/seccompProfile/);
  });

  test('outlives its own shutdown: the grace period exceeds the shutdown timeout and the process margin', () => {
    const spec = renderedPodSpec({ shutdownTimeoutSeconds: '60' });
    expect(spec.terminationGracePeriodSeconds).toBe(75);
    expect(spec.containers[0]?.env?.find((e) => e.name === 'AIVENATOR_SHUTDOWN_TIMEOUT')?.value).toBe('60s');
  });

  test("names the image make image builds, and a registry's copy pinned by digest", () => {
    expect(renderedPodSpec().containers[0]?.image).toBe(`aivenator:${chartVersion}`);
    const digest = `sha256:${'a'.repeat(64)}`;
    const pinned = renderedPodSpec({ 'image.registry': 'ghcr.io/team', 'image.digest': digest });
    expect(pinned.containers[0]?.image).toBe(`ghcr.io/team/aivenator:${chartVersion}@${digest}`);
    expect(() => renderChart(ns.name, { 'image.digest': 'latest' })).toThrow(/image\/digest/);
  });
});

describe('the centralized mode, with the RBAC the chart renders', () => {
  const harness = useSynchronizer();
  const { ns, kc } = harness;
  const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
  let controller: ControllerProcess | undefined;
  let release = '';
  afterEach(async () => {
    await controller?.stop();
    controller = undefined;
    await rbac.deleteClusterRoleBinding({ name: release }).catch(() => undefined);
    await rbac.deleteClusterRole({ name: release }).catch(() => undefined);
  });

  test('synchronizes with the default token secret, and refuses an app that names its own', async () => {
    release = `aivenator-${ns.name}`;
    const objects = renderChart(ns.name, { ...modes.centralized, 'defaultTokenSecret.name': 'central' }, release);
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedServiceAccount({ namespace: ns.name, body: { metadata: { name: release } } });
    await rbac.createClusterRole({ body: findRendered(objects, 'ClusterRole') as unknown as V1ClusterRole });
    await rbac.createClusterRoleBinding({
      body: findRendered(objects, 'ClusterRoleBinding') as unknown as V1ClusterRoleBinding,
    });
    await rbac.createNamespacedRole({ namespace: ns.name, body: findRendered(objects, 'Role') as unknown as V1Role });
    await rbac.createNamespacedRoleBinding({
      namespace: ns.name,
      body: findRendered(objects, 'RoleBinding') as unknown as V1RoleBinding,
    });
    await core.createNamespacedSecret({
      namespace: ns.name,
      body: { metadata: { name: 'central' }, stringData: { token: adminToken } },
    });

    controller = await startAsChartRuns(objects, { namespace: ns.name, release, aivenUrl: harness.simulator.sim.url });
    await createApp(ns.name, kafkaApp('central-app', 'central-app-aiven'));
    await harness.waitForReady('central-app', 'True');
    const own: AivenApplication = kafkaApp('own-token', 'own-token-aiven');
    await createApp(ns.name, { ...own, spec: { ...own.spec, authSecretRef: { name: 'central', key: 'token' } } });
    const refused = await harness.waitForReady('own-token', 'False');
    expect(refused.reason).toBe('AuthSecretRefNotAllowed');
    // Nothing the rendered roles do not allow was tried (the refused app's own error is expected).
    expect(controller.output()).not.toContain('HTTP 403');
    expect(controller.output()).not.toContain(adminToken);
  });
});

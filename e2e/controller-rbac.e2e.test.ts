// The controller runs as its own process with a real ServiceAccount token bound to config/rbac/role.yaml only:
// least privilege is tested, not assumed.
import { afterEach, describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CoreV1Api, RbacAuthorizationV1Api, type V1ClusterRole, type V1Role } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { testKubeConfig } from './support/cluster.ts';
import { startController, type ControllerProcess } from './support/controller.ts';
import { useTestNamespace } from './support/namespace.ts';
import { serviceAccountKubeconfigPath } from './support/service-account.ts';
import { waitFor } from '../testenv/wait.ts';

const rolePath = fileURLToPath(new URL('../config/rbac/role.yaml', import.meta.url));
const leaderElectionRolePath = fileURLToPath(new URL('../config/rbac/leader-election-role.yaml', import.meta.url));
const admin = testKubeConfig();
const core = admin.makeApiClient(CoreV1Api);
const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
/** Cluster-scoped objects a test created, deleted after it (namespaced ones go with the test namespace). */
const clusterRoleNames: string[] = [];

/** A kubeconfig for a new ServiceAccount in `namespace`, bound to the project's roles when `bound`. */
async function serviceAccountKubeconfig(namespace: string, bound: boolean): Promise<string> {
  await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: 'aivenator' } } });
  if (bound) {
    const role = parse(readFileSync(rolePath, 'utf8')) as V1ClusterRole;
    const name = `aivenator-${namespace}`; // cluster-scoped: one per test namespace
    clusterRoleNames.push(name);
    await rbac.createClusterRole({ body: { ...role, metadata: { name } } });
    await rbac.createClusterRoleBinding({
      body: {
        metadata: { name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
        subjects: [{ kind: 'ServiceAccount', name: 'aivenator', namespace }],
      },
    });
    const leaderElection = parse(readFileSync(leaderElectionRolePath, 'utf8')) as V1Role;
    await rbac.createNamespacedRole({ namespace, body: leaderElection });
    await rbac.createNamespacedRoleBinding({
      namespace,
      body: {
        metadata: { name: 'aivenator-leader-election' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: leaderElection.metadata?.name ?? '' },
        subjects: [{ kind: 'ServiceAccount', name: 'aivenator', namespace }],
      },
    });
  }
  return serviceAccountKubeconfigPath(namespace, 'aivenator');
}

describe('the controller with the roles of config/rbac/', () => {
  const ns = useTestNamespace('rbac');
  let controller: ControllerProcess | undefined;
  afterEach(async () => {
    await controller?.stop();
    controller = undefined;
    for (const name of clusterRoleNames.splice(0)) {
      await rbac.deleteClusterRoleBinding({ name });
      await rbac.deleteClusterRole({ name });
    }
  });

  test('becomes ready and leader, runs its workers with the roles (the janitor and the finalizer act), and stops cleanly on SIGTERM', async () => {
    const kubeconfig = await serviceAccountKubeconfig(ns.name, true);
    // An unused managed secret with our finalizer: the janitor (list pods and workloads, delete) and the finalizer
    // (patch) must both be allowed for it to go.
    await core.createNamespacedSecret({
      namespace: ns.name,
      body: {
        metadata: {
          name: 'unused',
          labels: { type: 'aivenator.aiven.nais.io' },
          finalizers: ['aivenator.aiven.nais.io/finalizer'],
        },
      },
    });
    controller = startController(ns.name, [
      `--kubeconfig=${kubeconfig}`,
      `--leader-election-namespace=${ns.name}`,
      '--janitor-interval=1s',
    ]);
    const ready = await controller.waitForLog('controller ready');
    expect(ready).toMatchObject({ level: 'info', kubernetesVersion: 'v1.37.2' });
    await controller.waitForLog('became leader');
    await controller.waitForLog('workers started');
    await controller.waitForLog('secret finalized');
    await waitFor(
      'the unused secret to be gone',
      async () =>
        (await core.readNamespacedSecret({ name: 'unused', namespace: ns.name }).catch(() => undefined))
          ? undefined
          : true,
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    expect(controller.logLines().filter((line) => line.level === 'warn')).toEqual([]);
    expect(await controller.stop()).toBe(0);
    expect(controller.logLines().map((line) => line.message)).toContain('shutting down');
  });

  test('does not become ready without them, and says why', async () => {
    controller = startController(ns.name, [
      `--kubeconfig=${await serviceAccountKubeconfig(ns.name, false)}`,
      `--leader-election-namespace=${ns.name}`,
    ]);
    const refused = await controller.waitForLog('cluster not reachable yet');
    expect(refused.err).toBe('HTTP 403 Forbidden');
    expect(controller.logLines().map((line) => line.message)).not.toContain('controller ready');
  });
});

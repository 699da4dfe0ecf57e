// Every kind of object that makes pods, each reading a secret one of the four ways a pod can: the janitor's
// "in use" table. Minimal specs; nothing is scheduled (the test cluster has no scheduler or kubelet).
import { AppsV1Api, BatchV1Api, CoreV1Api, type KubeConfig, type V1PodSpec } from '@kubernetes/client-node';

export const referenceKinds = ['volume', 'projected', 'env', 'envFrom'] as const;
export type ReferenceKind = (typeof referenceKinds)[number];

export const workloadKinds = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob'] as const;
export type WorkloadKind = (typeof workloadKinds)[number];

/** A pod spec that reads `secret` through `reference`. */
export function podSpecReading(secret: string, reference: ReferenceKind): V1PodSpec {
  const container = { name: 'app', image: 'registry.example/app:1' };
  switch (reference) {
    case 'volume':
      return { containers: [container], volumes: [{ name: 'creds', secret: { secretName: secret } }] };
    case 'projected':
      return {
        containers: [container],
        volumes: [{ name: 'creds', projected: { sources: [{ secret: { name: secret } }] } }],
      };
    case 'env':
      return {
        containers: [
          { ...container, env: [{ name: 'CREDS', valueFrom: { secretKeyRef: { name: secret, key: 'k' } } }] },
        ],
      };
    case 'envFrom':
      return { containers: [{ ...container, envFrom: [{ secretRef: { name: secret } }] }] };
  }
}

/** Creates a `kind` named `name` whose pods read `secret` through `reference`. */
export async function createWorkload(
  kc: KubeConfig,
  namespace: string,
  target: { kind: WorkloadKind; name: string },
  spec: V1PodSpec,
): Promise<void> {
  const { kind, name } = target;
  const labels = { workload: name };
  const template = { metadata: { labels }, spec };
  const selector = { matchLabels: labels };
  const apps = kc.makeApiClient(AppsV1Api);
  const batch = kc.makeApiClient(BatchV1Api);
  const metadata = { name };
  const jobSpec = { template: { ...template, spec: { ...spec, restartPolicy: 'Never' } } };
  switch (kind) {
    case 'Pod':
      await kc.makeApiClient(CoreV1Api).createNamespacedPod({ namespace, body: { metadata, spec } });
      return;
    case 'Deployment':
      await apps.createNamespacedDeployment({ namespace, body: { metadata, spec: { selector, template } } });
      return;
    case 'StatefulSet':
      await apps.createNamespacedStatefulSet({ namespace, body: { metadata, spec: { selector, template } } });
      return;
    case 'DaemonSet':
      await apps.createNamespacedDaemonSet({ namespace, body: { metadata, spec: { selector, template } } });
      return;
    case 'ReplicaSet':
      await apps.createNamespacedReplicaSet({
        namespace,
        body: { metadata, spec: { selector, template, replicas: 0 } },
      });
      return;
    case 'Job':
      await batch.createNamespacedJob({ namespace, body: { metadata, spec: { ...jobSpec, suspend: true } } });
      return;
    case 'CronJob':
      await batch.createNamespacedCronJob({
        namespace,
        body: { metadata, spec: { schedule: '0 0 1 1 *', suspend: true, jobTemplate: { spec: jobSpec } } },
      });
      return;
  }
}

/** Deletes every workload and pod of the namespace; pods the workloads made go through the garbage collector. */
export async function deleteAllWorkloads(kc: KubeConfig, namespace: string): Promise<void> {
  const apps = kc.makeApiClient(AppsV1Api);
  const batch = kc.makeApiClient(BatchV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  const propagationPolicy = 'Background';
  await Promise.all([
    apps.deleteCollectionNamespacedDeployment({ namespace, propagationPolicy }),
    apps.deleteCollectionNamespacedStatefulSet({ namespace, propagationPolicy }),
    apps.deleteCollectionNamespacedDaemonSet({ namespace, propagationPolicy }),
    apps.deleteCollectionNamespacedReplicaSet({ namespace, propagationPolicy }),
    batch.deleteCollectionNamespacedJob({ namespace, propagationPolicy }),
    batch.deleteCollectionNamespacedCronJob({ namespace, propagationPolicy }),
  ]);
  await core.deleteCollectionNamespacedPod({ namespace, gracePeriodSeconds: 0 });
}

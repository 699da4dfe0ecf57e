// The pod specs of a namespace: its pods, and the pod templates of every workload kind that makes pods (a
// ReplicaSet scaled to 0 is a rollback target; a CronJob makes pods later). Seven list calls per namespace,
// however many apps or secrets the namespace has.
import { AppsV1Api, BatchV1Api, CoreV1Api, type KubeConfig, type V1PodSpec } from '@kubernetes/client-node';
import { kubeCall } from './errors.ts';
import { withSignal } from './request-options.ts';

export class WorkloadReader {
  readonly #core: CoreV1Api;
  readonly #apps: AppsV1Api;
  readonly #batch: BatchV1Api;

  constructor(kc: KubeConfig) {
    this.#core = kc.makeApiClient(CoreV1Api);
    this.#apps = kc.makeApiClient(AppsV1Api);
    this.#batch = kc.makeApiClient(BatchV1Api);
  }

  async podSpecs(namespace: string, signal: AbortSignal): Promise<(V1PodSpec | undefined)[]> {
    const options = withSignal(signal);
    const lists = () =>
      Promise.all([
        this.#core.listNamespacedPod({ namespace }, options),
        this.#apps.listNamespacedDeployment({ namespace }, options),
        this.#apps.listNamespacedStatefulSet({ namespace }, options),
        this.#apps.listNamespacedDaemonSet({ namespace }, options),
        this.#apps.listNamespacedReplicaSet({ namespace }, options),
        this.#batch.listNamespacedJob({ namespace }, options),
        this.#batch.listNamespacedCronJob({ namespace }, options),
      ]);
    const [pods, deployments, statefulSets, daemonSets, replicaSets, jobs, cronJobs] = await kubeCall(
      `listing the pods and workloads of namespace ${namespace}`,
      lists,
    );
    return [
      ...pods.items.map((pod) => pod.spec),
      ...[deployments, statefulSets, daemonSets, replicaSets, jobs].flatMap((list) =>
        list.items.map((workload) => workload.spec?.template?.spec),
      ),
      ...cronJobs.items.map((cronJob) => cronJob.spec.jobTemplate.spec?.template.spec),
    ];
  }
}

// The controller's door to the API server. Only pkg/kube imports @kubernetes/client-node at run time.
import { CustomObjectsApi, KubeConfig, VersionApi } from '@kubernetes/client-node';
import { aivenApplicationResource } from '../api/aiven-application.ts';
import { withSignal } from './request-options.ts';

/** A kubeconfig file when given one; otherwise client-node's default chain (in-cluster service account first). */
export function loadKubeConfig(path: string | undefined): KubeConfig {
  const kc = new KubeConfig();
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

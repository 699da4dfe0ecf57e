import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubeConfig } from './kubeconfig.ts';

/** Set by the jest global setup to the admin kubeconfig of the run's control plane. */
export const kubeconfigEnv = 'AIVENATOR_TEST_KUBECONFIG';

export function testKubeConfig(): KubeConfig {
  const path = process.env[kubeconfigEnv];
  if (!path) throw new Error(`${kubeconfigEnv} is not set: run cluster tests through jest's e2e project (make test)`);
  return loadKubeConfig(path);
}

import { dirname } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubeConfig } from '../../testenv/kubeconfig.ts';

/** Set by the jest global setup to the admin kubeconfig of the run's control plane. */
export const kubeconfigEnv = 'AIVENATOR_TEST_KUBECONFIG';

function testKubeconfigPath(): string {
  const path = process.env[kubeconfigEnv];
  if (!path) throw new Error(`${kubeconfigEnv} is not set: run cluster tests through jest's e2e project (make test)`);
  return path;
}

export function testKubeConfig(): KubeConfig {
  return loadKubeConfig(testKubeconfigPath());
}

/** The control plane's own directory: files written here (kubeconfigs with tokens) go when the reaper removes it. */
export function testScratchDir(): string {
  return dirname(testKubeconfigPath());
}

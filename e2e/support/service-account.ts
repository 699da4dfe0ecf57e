// A kubeconfig that acts as a ServiceAccount (a real token from the TokenRequest API), for tests that run the
// controller with exactly the rights a role grants.
import { join } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { testKubeConfig, testScratchDir } from './cluster.ts';
import { tokenKubeConfig, writeKubeConfig } from '../../testenv/kubeconfig.ts';

/** Writes a kubeconfig for ServiceAccount `name` in `namespace` (which must exist) and returns its path. */
export async function serviceAccountKubeconfigPath(namespace: string, name: string): Promise<string> {
  const admin = testKubeConfig();
  const request = await admin.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({
    name,
    namespace,
    body: { spec: { audiences: [], expirationSeconds: 600 } },
  });
  const cluster = admin.getCurrentCluster();
  const path = join(testScratchDir(), `${namespace}-${name}.kubeconfig`);
  const server = { server: cluster?.server ?? '', caFile: cluster?.caFile ?? '' };
  writeKubeConfig(tokenKubeConfig(server, { name, token: request.status?.token ?? '' }), path);
  return path;
}

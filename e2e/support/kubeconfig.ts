import { writeFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';

/** An admin kubeconfig for the test control plane: bearer token, CA from the API server's self-signed cert dir. */
export function adminKubeConfig(server: string, caFile: string, token: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'aivenator-testenv', server, caFile, skipTLSVerify: false }],
    users: [{ name: 'admin', token }],
    contexts: [{ name: 'aivenator-testenv', cluster: 'aivenator-testenv', user: 'admin' }],
    currentContext: 'aivenator-testenv',
  });
  return kc;
}

export function writeKubeConfig(kc: KubeConfig, path: string): void {
  writeFileSync(path, kc.exportConfig(), { mode: 0o600 });
}

export function loadKubeConfig(path: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  return kc;
}

import { writeFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';

/** A kubeconfig for the test control plane that authenticates with a bearer token (the admin's or a ServiceAccount's). */
export function tokenKubeConfig(
  cluster: { server: string; caFile: string },
  user: { name: string; token: string },
): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'aivenator-testenv', server: cluster.server, caFile: cluster.caFile, skipTLSVerify: false }],
    users: [{ name: user.name, token: user.token }],
    contexts: [{ name: 'aivenator-testenv', cluster: 'aivenator-testenv', user: user.name }],
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

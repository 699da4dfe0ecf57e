// What the secret holds for Kubernetes access: a kubeconfig (server, CA, token, the target namespace as the
// context's default) and the same parts one by one, with the token's expiry.
import { stringify } from 'yaml';

export const kubernetesKeys = {
  kubeconfig: 'kubeconfig',
  token: 'KUBERNETES_TOKEN',
  namespace: 'KUBERNETES_NAMESPACE',
  server: 'KUBERNETES_SERVER',
  ca: 'KUBERNETES_CA',
  expiresAt: 'KUBERNETES_TOKEN_EXPIRES_AT',
} as const;

export const kubernetesAnnotations = {
  /** `<namespace>/<name>` of the ServiceAccount. */
  serviceAccount: 'kubernetes.aiven.nais.io/serviceAccount',
  /** `<namespace>/<name>` of the Role and its RoleBinding. */
  role: 'kubernetes.aiven.nais.io/role',
} as const;

export interface KubeconfigParts {
  readonly server: string;
  readonly ca: string;
  readonly token: string;
  readonly namespace: string;
  /** Names the cluster, user and context. */
  readonly name: string;
}

export function kubeconfigOf(parts: KubeconfigParts): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: parts.name,
        cluster: { server: parts.server, 'certificate-authority-data': Buffer.from(parts.ca).toString('base64') },
      },
    ],
    users: [{ name: parts.name, user: { token: parts.token } }],
    contexts: [{ name: parts.name, context: { cluster: parts.name, user: parts.name, namespace: parts.namespace } }],
    'current-context': parts.name,
  });
}

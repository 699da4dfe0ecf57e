// Kubernetes access (spec.kubernetes): a ServiceAccount in the app's namespace, a Role with exactly the app's rules
// and its RoleBinding in the target namespace, and a kubeconfig with a bound, expiring token in the app's secret.
import type { Handler } from '../../pkg/handler/types.ts';
import { declareKubernetes, kubernetesRenewAt, kubernetesSecretName } from './apply.ts';
import { cleanupKubernetes } from './cleanup.ts';
import { readKubernetesLedger } from './ledger.ts';

export function createKubernetesHandler(): Handler {
  return {
    service: 'kubernetes',
    conditionType: 'KubernetesReady',
    requested: (app) => app.spec.kubernetes !== undefined,
    secretNames: (app) => {
      const name = kubernetesSecretName(app);
      return name ? [name] : [];
    },
    instances: () => [],
    declare: declareKubernetes,
    readLedger: readKubernetesLedger,
    // Only signed records are trusted: nais/aivenator never granted Kubernetes access, so no unsigned record of it
    // is genuine.
    derivesFrom: () => false,
    cleanup: cleanupKubernetes,
    renewAt: kubernetesRenewAt,
  };
}

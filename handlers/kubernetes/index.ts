// Placeholder until Kubernetes access is built: the CRD accepts the `kubernetes` block, and an app asking for it is
// told so, permanently, instead of being ignored. It writes no secret, so the app's other services are unaffected.
import type { Handler } from '../../pkg/handler/types.ts';
import { PermanentError } from '../../pkg/runtime/errors.ts';

export function createKubernetesHandler(): Handler {
  return {
    service: 'kubernetes',
    conditionType: 'KubernetesReady',
    requested: (app) => app.spec.kubernetes !== undefined,
    secretNames: () => [],
    instances: () => [],
    declare: () => {
      throw new PermanentError(
        'KubernetesAccessUnsupported',
        'the kubernetes block is not supported yet; remove it or wait for a release that handles it',
      );
    },
    readLedger: () => [],
    derivesFrom: () => false,
    cleanup: () => Promise.resolve(),
  };
}

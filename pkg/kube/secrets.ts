import { CoreV1Api, type KubeConfig, type V1Secret } from '@kubernetes/client-node';
import type { Logger } from '../runtime/log.ts';
import { Informer, metadataOnlyList } from './informer.ts';
import { secretMetadataOnly } from './slim.ts';

/** The label every secret aivenator manages carries (the same as nais/aivenator's, so existing secrets count). */
export const managedSecretSelector = 'type=aivenator.aiven.nais.io';

/**
 * Managed secrets only, cluster-wide: the label selector is applied by the API server, so memory grows with the
 * secrets aivenator manages, not with every secret in the cluster; and of each only its metadata is kept.
 */
export function createManagedSecretInformer(
  kc: KubeConfig,
  log: Logger,
  namespace?: string,
  pageSize?: number,
): Informer<V1Secret> {
  const core = kc.makeApiClient(CoreV1Api);
  return new Informer<V1Secret>({
    kc,
    name: 'secrets',
    path: namespace ? `/api/v1/namespaces/${namespace}/secrets` : '/api/v1/secrets',
    labelSelector: managedSecretSelector,
    list: (page) =>
      namespace
        ? core.listNamespacedSecret({ namespace, labelSelector: managedSecretSelector, ...page }, metadataOnlyList())
        : core.listSecretForAllNamespaces({ labelSelector: managedSecretSelector, ...page }, metadataOnlyList()),
    metadataOnly: true,
    slim: secretMetadataOnly,
    log,
    ...(pageSize === undefined ? {} : { pageSize }),
  });
}

import { CustomObjectsApi, type KubeConfig, type KubernetesListObject } from '@kubernetes/client-node';
import { aivenApplicationResource, type AivenApplication } from '../api/aiven-application.ts';
import type { Logger } from '../runtime/log.ts';
import { Informer } from './informer.ts';

/** Every AivenApplication in the cluster (or in `namespace`), cached. */
export function createAivenApplicationInformer(
  kc: KubeConfig,
  log: Logger,
  namespace?: string,
): Informer<AivenApplication> {
  const { group, version, plural } = aivenApplicationResource;
  const custom = kc.makeApiClient(CustomObjectsApi);
  return new Informer<AivenApplication>({
    kc,
    name: plural,
    path: namespace
      ? `/apis/${group}/${version}/namespaces/${namespace}/${plural}`
      : `/apis/${group}/${version}/${plural}`,
    list: async (page) => {
      const list: unknown = namespace
        ? await custom.listNamespacedCustomObject({ group, version, plural, namespace, ...page })
        : await custom.listClusterCustomObject({ group, version, plural, ...page });
      // Cast, not parsed: the API server has validated every item against the CRD's schema, whose types these are.
      return list as KubernetesListObject<AivenApplication>;
    },
    log,
  });
}

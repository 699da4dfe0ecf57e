import { CustomObjectsApi, type KubeConfig, type KubernetesListObject } from '@kubernetes/client-node';
import { aivenApplicationResource, type AivenApplication } from '../api/aiven-application.ts';
import type { Logger } from '../runtime/log.ts';
import { Informer } from './informer.ts';

/** Every AivenApplication in the cluster (or in `namespace`), cached. */
export function createAivenApplicationInformer(
  kc: KubeConfig,
  log: Logger,
  namespace?: string,
  pageSize?: number,
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
      // The custom objects API returns the JSON as sent, so the continue token is `continue`, not client-node's
      // `_continue`: without this, every list stopped after its first page (500 apps).
      const { metadata, items } = list as {
        metadata?: { resourceVersion?: string; continue?: string };
        items: AivenApplication[];
      };
      return {
        metadata: {
          ...(metadata?.resourceVersion === undefined ? {} : { resourceVersion: metadata.resourceVersion }),
          ...(metadata?.continue ? { _continue: metadata.continue } : {}),
        },
        items,
      } satisfies KubernetesListObject<AivenApplication>;
    },
    log,
    ...(pageSize === undefined ? {} : { pageSize }),
  });
}

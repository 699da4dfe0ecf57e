import { CustomObjectsApi, type KubeConfig, type KubernetesListObject } from '@kubernetes/client-node';
import { aivenApplicationResource, type AivenApplication } from '../api/aiven-application.ts';
import type { Logger } from '../runtime/log.ts';
import { Informer } from './informer.ts';

/** Every AivenApplication in the cluster, cached. */
export function createAivenApplicationInformer(kc: KubeConfig, log: Logger): Informer<AivenApplication> {
  const { group, version, plural } = aivenApplicationResource;
  const custom = kc.makeApiClient(CustomObjectsApi);
  return new Informer<AivenApplication>({
    kc,
    name: plural,
    path: `/apis/${group}/${version}/${plural}`,
    list: async () => {
      const list: unknown = await custom.listClusterCustomObject({ group, version, plural });
      return list as KubernetesListObject<AivenApplication>;
    },
    log,
  });
}

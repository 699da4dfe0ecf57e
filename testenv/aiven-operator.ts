import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { fileURLToPath } from 'node:url';
import { installCrds } from './crds.ts';

export const aivenOperatorCrdDir = fileURLToPath(new URL('./fixtures/aiven-operator', import.meta.url));

const plurals = { OpenSearch: 'opensearches', Valkey: 'valkeys', PostgreSQL: 'postgresqls' } as const;

/** Declares a team's Aiven service the way aiven-operator does, in state RUNNING (the ownership check reads it). */
export async function declareInstance(
  kc: KubeConfig,
  kind: keyof typeof plurals,
  namespace: string,
  name: string,
): Promise<void> {
  await installCrds(kc, aivenOperatorCrdDir);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const coordinates = { group: 'aiven.io', version: 'v1alpha1', plural: plurals[kind], namespace };
  const created: unknown = await custom.createNamespacedCustomObject({
    ...coordinates,
    body: { apiVersion: 'aiven.io/v1alpha1', kind, metadata: { name } },
  });
  const body = { ...(created as object), status: { state: 'RUNNING' } };
  await custom.replaceNamespacedCustomObjectStatus({ ...coordinates, name, body });
}

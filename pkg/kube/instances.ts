import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import type { InstanceKind, InstanceRegistry, InstanceState } from '../handler/types.ts';
import { kubeFailure, kubeStatusOf } from './errors.ts';
import { withSignal } from './request-options.ts';

const plurals: Record<InstanceKind, string> = {
  OpenSearch: 'opensearches',
  Valkey: 'valkeys',
  PostgreSQL: 'postgresqls',
};

/** What is read of an aiven-operator resource: its state, if it has one. */
const instanceSchema = z.object({ status: z.object({ state: z.unknown() }).optional() });

/** aiven-operator's resources (aiven.io/v1alpha1) as the ownership check for team services. */
export function createInstanceRegistry(kc: KubeConfig): InstanceRegistry {
  const custom = kc.makeApiClient(CustomObjectsApi);
  return {
    state: async (kind, namespace, name, signal): Promise<InstanceState> => {
      try {
        const params = { group: 'aiven.io', version: 'v1alpha1', plural: plurals[kind], namespace, name };
        const resource: unknown = await custom.getNamespacedCustomObject(params, withSignal(signal));
        const state = instanceSchema.safeParse(resource).data?.status?.state;
        return state === 'RUNNING' ? 'running' : 'not-running';
      } catch (err) {
        // Not found, or aiven-operator's CRDs are not installed at all: either way the namespace owns no such service.
        if (kubeStatusOf(err)?.code === 404) return 'absent';
        throw kubeFailure(err, `reading ${kind} ${namespace}/${name}`);
      }
    },
  };
}

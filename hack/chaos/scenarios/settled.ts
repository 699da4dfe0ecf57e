// Waiting for the controller to have looked at every app of a namespace (a condition for each app's current
// generation, whatever it says): the moment a disturbance that lasts "while the apps are synchronized" may end.
import { CustomObjectsApi } from '@kubernetes/client-node';
import { aivenApplicationResource, type AivenApplication } from '../../../pkg/api/aiven-application.ts';
import { waitFor } from '../../../testenv/wait.ts';
import type { World } from '../world.ts';

const { group, version, plural } = aivenApplicationResource;

const observed = (app: AivenApplication): boolean =>
  app.status?.conditions?.some((c) => c.type === 'Ready' && c.observedGeneration === app.metadata.generation) ?? false;

/** True once every app of the namespace has a Ready condition of its generation; false when `timeoutMs` passes first. */
export async function everyAppObserved(world: World, namespace: string, timeoutMs: number): Promise<boolean> {
  const custom = world.kc.makeApiClient(CustomObjectsApi);
  const check = async () => {
    const list = (await custom.listNamespacedCustomObject({ group, version, plural, namespace })) as {
      items: AivenApplication[];
    };
    return list.items.every(observed) ? true : undefined;
  };
  return waitFor(`every app of ${namespace} looked at`, check, { timeoutMs, intervalMs: 1000 }).catch(() => false);
}

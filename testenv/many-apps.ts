// Many apps in one namespace: the load of the 1,000-app test and of `make bench`.
import type { CustomObjectsApi } from '@kubernetes/client-node';
import {
  aivenApplicationApiVersion,
  aivenApplicationResource,
  type AivenApplication,
} from '../pkg/api/aiven-application.ts';

const { group, version, plural } = aivenApplicationResource;

/** Creates `<prefix>-0` … `<prefix>-<count-1>`, 50 at a time, each with its own secret and the services `spec` adds. */
export async function createApps(
  custom: CustomObjectsApi,
  target: { namespace: string; count: number; prefix: string },
  spec: Omit<AivenApplication['spec'], 'secretName'>,
): Promise<void> {
  const { namespace, count, prefix } = target;
  for (let i = 0; i < count; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, count - i) }, (_, j) => {
        const name = `${prefix}-${String(i + j)}`;
        const body: AivenApplication = {
          apiVersion: aivenApplicationApiVersion,
          kind: 'AivenApplication',
          metadata: { name },
          spec: { ...spec, secretName: `${name}-aiven` },
        };
        return custom.createNamespacedCustomObject({ group, version, plural, namespace, body });
      }),
    );
  }
}

/** `pg-app-0` … `pg-app-<count-1>`, all on one PostgreSQL instance. */
export const createPostgresApps = (
  custom: CustomObjectsApi,
  namespace: string,
  count: number,
  instance: string,
): Promise<void> => createApps(custom, { namespace, count, prefix: 'pg-app' }, { postgres: { instance } });

/** How many apps in the namespace are Ready, in one list call. */
export async function countReadyApps(custom: CustomObjectsApi, namespace: string): Promise<number> {
  const list = (await custom.listNamespacedCustomObject({ group, version, plural, namespace })) as {
    items: AivenApplication[];
  };
  return list.items.filter((app) => app.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
    .length;
}

import { CustomObjectsApi, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { aivenApplicationResource, type AivenApplicationStatus } from '../api/aiven-application.ts';
import { kubeCall } from './errors.ts';
import { withSignal } from './request-options.ts';

/** Writes an AivenApplication's status with a merge patch on the status subresource (never touching its spec). */
export async function patchAppStatus(
  kc: KubeConfig,
  app: { namespace: string; name: string },
  status: AivenApplicationStatus,
  signal: AbortSignal,
): Promise<void> {
  const { group, version, plural } = aivenApplicationResource;
  const options = setHeaderOptions('Content-Type', 'application/merge-patch+json', withSignal(signal));
  const api = kc.makeApiClient(CustomObjectsApi);
  await kubeCall(`writing the status of AivenApplication ${app.namespace}/${app.name}`, () =>
    api.patchNamespacedCustomObjectStatus(
      { group, version, plural, namespace: app.namespace, name: app.name, body: { status } },
      options,
    ),
  );
}

/** Deletes an AivenApplication (its expiresAt has passed). */
export async function deleteApp(
  kc: KubeConfig,
  app: { namespace: string; name: string },
  signal: AbortSignal,
): Promise<void> {
  const { group, version, plural } = aivenApplicationResource;
  const api = kc.makeApiClient(CustomObjectsApi);
  await kubeCall(`deleting AivenApplication ${app.namespace}/${app.name}`, () =>
    api.deleteNamespacedCustomObject(
      { group, version, plural, namespace: app.namespace, name: app.name },
      withSignal(signal),
    ),
  );
}

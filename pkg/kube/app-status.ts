import { CustomObjectsApi, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { aivenApplicationResource, type AivenApplicationStatus } from '../api/aiven-application.ts';
import { kubeCall, kubeStatusOf } from './errors.ts';
import { withSignal } from './request-options.ts';

/** A call about an app that answers 404 found it gone: deleted meanwhile, which its own event reports. */
async function unlessGone(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (err) {
    if (kubeStatusOf(err)?.code !== 404) throw err;
  }
}

/**
 * Writes an AivenApplication's status with a merge patch on the status subresource (never touching its spec). An app
 * deleted meanwhile has no status to write: that is no failure (its deletion queues it again, and then it is gone).
 */
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
    unlessGone(() =>
      api.patchNamespacedCustomObjectStatus(
        { group, version, plural, namespace: app.namespace, name: app.name, body: { status } },
        options,
      ),
    ),
  );
}

/** Deletes an AivenApplication (its expiresAt has passed); one already gone is deleted. */
export async function deleteApp(
  kc: KubeConfig,
  app: { namespace: string; name: string },
  signal: AbortSignal,
): Promise<void> {
  const { group, version, plural } = aivenApplicationResource;
  const api = kc.makeApiClient(CustomObjectsApi);
  await kubeCall(`deleting AivenApplication ${app.namespace}/${app.name}`, () =>
    unlessGone(() =>
      api.deleteNamespacedCustomObject(
        { group, version, plural, namespace: app.namespace, name: app.name },
        withSignal(signal),
      ),
    ),
  );
}

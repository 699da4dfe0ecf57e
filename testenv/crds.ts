import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ApiextensionsV1Api,
  KubernetesObjectApi,
  loadAllYaml,
  PatchStrategy,
  type KubeConfig,
  type V1CustomResourceDefinition,
} from '@kubernetes/client-node';
import { waitFor } from './wait.ts';

/**
 * client-node serialises through its typed models, whose keys differ from the wire (`_enum`,
 * `xKubernetesValidations`); a plain YAML parse would have those fields silently dropped on the way out. Its own
 * loader deserialises into the models first.
 */
export function readCrds(dir: string): V1CustomResourceDefinition[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .flatMap((file) => loadAllYaml(readFileSync(join(dir, file), 'utf8')) as V1CustomResourceDefinition[])
    .filter((crd) => crd.kind === 'CustomResourceDefinition');
}

function isEstablished(crd: V1CustomResourceDefinition): boolean {
  return (crd.status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True');
}

/** Applies every CRD in `dir` (server-side apply, so a second call is a no-op) and waits until each is Established. */
export async function installCrds(kc: KubeConfig, dir: string): Promise<string[]> {
  const objects = KubernetesObjectApi.makeApiClient(kc);
  const extensions = kc.makeApiClient(ApiextensionsV1Api);
  const crds = readCrds(dir);
  for (const crd of crds) {
    await objects.patch(crd, undefined, undefined, 'aivenator-testenv', true, PatchStrategy.ServerSideApply);
  }
  const names = crds.map((crd) => crd.metadata?.name ?? '');
  for (const name of names) {
    await waitFor(
      `CRD ${name} to be Established`,
      async () => (isEstablished(await extensions.readCustomResourceDefinition({ name })) ? true : undefined),
      { timeoutMs: 30_000, intervalMs: 50 },
    );
  }
  return names;
}

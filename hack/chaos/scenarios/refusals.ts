// Objects the CRD must refuse (README "The AivenApplication resource"), sent as kubectl sends them (strict field
// validation). One the API server stores instead is recorded for the `crd` invariant and deleted again.
import { CustomObjectsApi } from '@kubernetes/client-node';
import { aivenApplicationApiVersion, aivenApplicationResource } from '../../../pkg/api/aiven-application.ts';
import { kubeStatusOf } from '../../../pkg/kube/errors.ts';
import type { World } from '../world.ts';

const { group, version, plural } = aivenApplicationResource;
const kafka = { pool: 'dev-nais-dev' };

export const badObjects: readonly { readonly what: string; readonly spec: unknown }[] = [
  { what: 'an app with no service', spec: { secretName: 'nothing' } },
  { what: 'an upper-case secret name', spec: { secretName: 'My-Secret', kafka } },
  { what: 'an unknown Kafka access', spec: { secretName: 's', kafka: { ...kafka, access: 'all' } } },
  {
    what: 'the same Valkey instance twice',
    spec: { secretName: 's', valkey: [{ instance: 'cache' }, { instance: 'cache' }] },
  },
  { what: 'an expiresAt that is not a time', spec: { secretName: 's', kafka, expiresAt: 'tomorrow' } },
  { what: 'a misspelt field', spec: { secretName: 's', kafka, secretname: 'x' } },
  { what: 'OpenSearch with nowhere to write', spec: { openSearch: { instance: 'search' } } },
];

/** Sends each bad object; returns what the API server accepted (each deleted again). */
export async function sendBadObjects(world: World, namespace: string): Promise<string[]> {
  const custom = world.kc.makeApiClient(CustomObjectsApi);
  const accepted: string[] = [];
  for (const [i, { what, spec }] of badObjects.entries()) {
    const name = `refused-${String(i)}`;
    const body = { apiVersion: aivenApplicationApiVersion, kind: 'AivenApplication', metadata: { name }, spec };
    try {
      await custom.createNamespacedCustomObject({ group, version, plural, namespace, body, fieldValidation: 'Strict' });
      accepted.push(what);
      await custom.deleteNamespacedCustomObject({ group, version, plural, namespace, name });
    } catch (err) {
      const code = kubeStatusOf(err)?.code ?? 0;
      if (code !== 400 && code !== 422) throw err;
    }
  }
  return accepted;
}

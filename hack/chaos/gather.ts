// Reads the world into a Snapshot: the apps, secrets and workloads of the chaos namespaces (one list call each), and
// the simulator's users. A managed secret's record is read with the handlers' own ledger readers and its signature
// verified with the key ring the controller keeps (pkg/secret): the record's format is the controller's; whether the
// users it names exist, and hold what the secret says, is the simulator's word.
import { AppsV1Api, CoreV1Api, CustomObjectsApi, type V1PodSpec, type V1Secret } from '@kubernetes/client-node';
import { aivenApplicationResource, type AivenApplication } from '../../pkg/api/aiven-application.ts';
import { requestedSecretNames } from '../../pkg/handler/secret-names.ts';
import type { Handler } from '../../pkg/handler/types.ts';
import { keyRingOf, type RecordKey } from '../../pkg/secret/signature.ts';
import { createHandlers } from '../../pkg/wiring/registry.ts';
import { systemNamespace, teamNamespaces } from './fixture.ts';
import { aivenUsersOf, secretViewOf } from './records.ts';
import { objectKey, type AppView, type ObjectKey, type SecretView, type Snapshot } from './snapshot.ts';
import type { Vault } from './vault.ts';
import type { World } from './world.ts';

const handlers: readonly Handler[] = createHandlers();
const { group, version, plural } = aivenApplicationResource;
const inChaos = (namespace: string | undefined): boolean => teamNamespaces.includes(namespace ?? '');
export const keyRingName = 'aivenator-record-keys';

function appViewOf(app: AivenApplication): AppView {
  const namespace = app.metadata.namespace ?? '';
  const ready = app.status?.conditions?.find((c) => c.type === 'Ready');
  return {
    key: objectKey(namespace, app.metadata.name ?? ''),
    generation: app.metadata.generation ?? 0,
    ...(ready
      ? {
          ready: {
            status: ready.status,
            reason: ready.reason ?? '',
            observedGeneration: ready.observedGeneration ?? -1,
          },
        }
      : {}),
    requestedSecrets: requestedSecretNames(handlers, app).map((name) => objectKey(namespace, name)),
  };
}

/** The secrets a pod template reads: volumes (direct or projected), env and envFrom. */
function secretsReadBy(spec: V1PodSpec | undefined): string[] {
  const containers = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  return [
    ...(spec?.volumes ?? []).flatMap((v) => [
      v.secret?.secretName,
      ...(v.projected?.sources ?? []).map((s) => s.secret?.name),
    ]),
    ...containers.flatMap((c) => [
      ...(c.env ?? []).map((e) => e.valueFrom?.secretKeyRef?.name),
      ...(c.envFrom ?? []).map((e) => e.secretRef?.name),
    ]),
  ].filter((name): name is string => name !== undefined);
}

async function readWorkloads(world: World): Promise<Set<ObjectKey>> {
  const deployments = await world.kc.makeApiClient(AppsV1Api).listDeploymentForAllNamespaces();
  return new Set(
    deployments.items
      .filter((d) => inChaos(d.metadata?.namespace))
      .flatMap((d) => secretsReadBy(d.spec?.template.spec).map((name) => objectKey(d.metadata?.namespace ?? '', name))),
  );
}

/** The record keys, each also kept in the vault: a key in the log would let anyone forge records. */
const ringOf = (secrets: readonly V1Secret[], vault: Vault): RecordKey[] => {
  const ring = secrets.find((s) => s.metadata?.namespace === systemNamespace && s.metadata.name === keyRingName);
  for (const [id, value] of Object.entries(ring?.data ?? {})) vault.add('record key', `record key ${id}`, value);
  return keyRingOf(ring?.data ?? {}).keys;
};

/** Values the controller made itself (Kafka's store password) or copied, as written into its secrets. */
const sensitiveKey = /PASSWORD|PRIVATE_KEY|CERTIFICATE|TOKEN|kubeconfig/i;

function keepSecretValues(vault: Vault, secrets: readonly SecretView[]): void {
  for (const secret of secrets)
    for (const [key, value] of Object.entries(secret.data))
      if (sensitiveKey.test(key)) vault.add('secret value', `${key} of ${secret.key}`, value);
}

export async function gather(world: World, graceMs: number): Promise<Snapshot> {
  const custom = world.kc.makeApiClient(CustomObjectsApi);
  const [appList, secretList, workloadRefs] = await Promise.all([
    custom.listClusterCustomObject({ group, version, plural }) as Promise<{ items: AivenApplication[] }>,
    world.kc.makeApiClient(CoreV1Api).listSecretForAllNamespaces(),
    readWorkloads(world),
  ]);
  const keys = ringOf(secretList.items, world.vault);
  // The controller's namespace too: the default token secret is unmanaged, and must stay as the harness wrote it.
  const secrets = secretList.items.filter(
    (s) => inChaos(s.metadata?.namespace) || s.metadata?.namespace === systemNamespace,
  );
  const views = secrets.map((s) => secretViewOf(s, { handlers, keys, state: world.simulator.state }));
  keepSecretValues(world.vault, views);
  return {
    now: Date.now(),
    graceMs,
    apps: appList.items.filter((a) => inChaos(a.metadata.namespace)).map(appViewOf),
    secrets: views,
    aivenUsers: aivenUsersOf(world.simulator.state),
    workloadRefs,
    desired: world.desired,
  };
}

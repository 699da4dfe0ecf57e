// The world a chaos run acts on, all its own: a control plane (no kube-controller-manager: nothing here needs it, and
// the API server can be killed and started again), the Aiven simulator with every credential it issues recorded, the
// team namespaces with their services declared as aiven-operator does, the default token secret and a decoy
// unmanaged secret per namespace.
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { startAivenSimulator, type AivenSimulator } from '../../sim/server.ts';
import { Random } from './random.ts';
import { aivenOperatorCrdDir } from '../../testenv/aiven-operator.ts';
import { installCrds } from '../../testenv/crds.ts';
import { startControlPlane, type ControlPlane } from '../../testenv/testenv.ts';
import { Desired } from './desired.ts';
import { chaosFixture, defaultTokenSecret, instancesOf, systemNamespace, teamNamespaces } from './fixture.ts';
import { kubeOps, type KubeOps } from './kube-ops.ts';
import { objectKey } from './snapshot.ts';
import { newToken, Tokens } from './tokens.ts';
import { recordIssuedCredentials, Vault } from './vault.ts';

export interface World {
  readonly controlPlane: ControlPlane;
  readonly kc: KubeConfig;
  readonly kube: KubeOps;
  readonly simulator: AivenSimulator;
  readonly vault: Vault;
  readonly desired: Desired;
  readonly tokens: Tokens;
  stop(): Promise<void>;
}

async function prepareNamespace(kube: KubeOps, namespace: string): Promise<void> {
  const instances = instancesOf(namespace);
  await kube.declareInstance('PostgreSQL', namespace, instances.PostgreSQL, 'RUNNING');
  for (const valkey of instances.Valkey) await kube.declareInstance('Valkey', namespace, valkey, 'RUNNING');
  await kube.declareInstance('OpenSearch', namespace, instances.OpenSearch, 'RUNNING');
}

async function prepareCluster(world: World): Promise<void> {
  const core = world.kc.makeApiClient(CoreV1Api);
  await installCrds(world.kc, aivenOperatorCrdDir);
  for (const name of [systemNamespace, ...teamNamespaces]) await core.createNamespace({ body: { metadata: { name } } });
  await Promise.all(teamNamespaces.map((namespace) => prepareNamespace(world.kube, namespace)));
  for (const namespace of teamNamespaces) {
    const resourceVersion = await world.kube.putSecret(namespace, 'decoy', { note: 'not the controller’s' });
    world.desired.wrote(objectKey(namespace, 'decoy'), resourceVersion);
  }
}

/** `seed`: the simulator's fault rolls come from it too (the order requests arrive in still varies). */
export async function startWorld(seed: number): Promise<World> {
  const controlPlane = await startControlPlane({ controllerManager: false });
  try {
    const kc = controlPlane.kubeConfig;
    const defaultToken = newToken();
    const fixture = chaosFixture(teamNamespaces, [defaultToken]);
    // Kafka users' keys from a pool: the simulator's RSA work would otherwise take most of the two cores.
    const faultDice = new Random(seed ^ 0x5bd1e995);
    const simulator = await startAivenSimulator({ fixture, clientKeyPool: 16, random: () => faultDice.next() });
    const vault = new Vault();
    recordIssuedCredentials(simulator.state, vault);
    vault.add('token', 'the API server admin', kc.getCurrentUser()?.token);
    const desired = new Desired();
    const kube = kubeOps(kc);
    const tokens = new Tokens({ kube, simulator, vault, desired });
    const stop = async () => {
      await controlPlane.stop();
      await simulator.stop();
    };
    const world: World = { controlPlane, kc, kube, simulator, vault, desired, tokens, stop };
    await prepareCluster(world);
    await tokens.put(systemNamespace, defaultTokenSecret, defaultToken);
    return world;
  } catch (err) {
    await controlPlane.stop();
    throw err;
  }
}

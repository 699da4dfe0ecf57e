// A tenant's bad inputs, each with the condition the README documents for it: objects the CRD refuses, an unknown
// Kafka pool, services not running or not there, a missing token secret (one that appears later), a missing token
// key, a secret name a foreign secret already has, PostgreSQL read access; forged managed secrets naming another
// team's users; and, meanwhile, the team's own token and the controller's default token rotated (the old ones revoked
// in Aiven moments later) while the team's apps are created, changed and deleted.
import { setTimeout as sleep } from 'node:timers/promises';
import type { AivenApplicationSpec } from '../../../pkg/api/aiven-application.ts';
import { defaultTokenSecret, namespaceOf, systemNamespace } from '../fixture.ts';
import { objectKey, type Expectation } from '../snapshot.ts';
import { Team } from '../team.ts';
import { tokenKey } from '../tokens.ts';
import type { World } from '../world.ts';
import { forgeRecords } from './forged.ts';
import { sendBadObjects } from './refusals.ts';
import type { Scenario, ScenarioContext } from './types.ts';

const tenant = namespaceOf['bad-inputs'];
const pg = { instance: `pg-${tenant}` };
const own = (name: string, key = tokenKey) => ({ authSecretRef: { name, key } });

/** Each bad app: its spec and what it must end up showing. */
const badApps: readonly { name: string; spec: AivenApplicationSpec; expect: Expectation }[] = [
  {
    name: 'unknown-pool',
    spec: { kafka: { pool: 'no-such-pool' } },
    expect: { ready: false, reason: 'KafkaPoolNotAllowed' },
  },
  {
    name: 'not-running',
    spec: { postgres: { instance: 'pg-rebuilding' } },
    expect: { ready: false, reason: 'PostgreSQLNotReady' },
  },
  {
    name: 'no-instance',
    spec: { valkey: [{ instance: 'nowhere' }] },
    expect: { ready: false, reason: 'ValkeyNotFound' },
  },
  {
    name: 'no-token',
    spec: { postgres: pg, ...own('absent-token') },
    expect: { ready: false, reason: 'AivenTokenSecretNotFound' },
  },
  {
    name: 'wrong-key',
    spec: { postgres: pg, ...own('team-token', 'nope') },
    expect: { ready: false, reason: 'AivenTokenKeyNotFound' },
  },
  {
    name: 'pg-read',
    spec: { postgres: { ...pg, access: 'read' } },
    expect: { ready: false, reason: 'PostgresAccessUnsupported' },
  },
  { name: 'late-token', spec: { postgres: pg, ...own('late-token') }, expect: { ready: true } },
];

async function createBadApps(world: World): Promise<void> {
  await world.kube.declareInstance('PostgreSQL', tenant, 'pg-rebuilding', 'REBUILDING');
  world.desired.wrote(objectKey(tenant, 'foreign'), await world.kube.putSecret(tenant, 'foreign', { mine: 'yes' }));
  const apps = [
    ...badApps.map((a) => ({ ...a, spec: { secretName: `${a.name}-aiven`, ...a.spec } })),
    {
      name: 'foreign',
      spec: { secretName: 'foreign', postgres: pg },
      expect: { ready: false, reason: 'SecretConflict' } as const,
    },
  ];
  for (const app of apps) {
    world.desired.expect(objectKey(tenant, app.name), app.expect);
    await world.kube.createApp(tenant, app.name, app.spec);
  }
}

/** The team's apps, on its own token, through two rotations: its token's and the controller's default token's. */
async function rotateWhileBusy({ world, settings, random, say }: ScenarioContext, team: Team): Promise<void> {
  const quarter = Math.ceil(settings.scenarioApps / 4);
  await team.create(quarter * 2);
  const rotations = [
    world.tokens.rotate(tenant, 'team-token', random.int(0, 1500)),
    team.create(quarter),
    team.churn(Math.round(quarter / 2), 1),
  ];
  await Promise.all(rotations);
  say('bad-inputs: the team token rotated; now the default token');
  await Promise.all([
    world.tokens.rotate(systemNamespace, defaultTokenSecret, random.int(0, 1500)),
    team.create(settings.scenarioApps - team.created),
    team.churn(Math.round(quarter / 2), 2),
  ]);
}

export const badInputsScenario: Scenario = {
  name: 'bad-inputs',
  title: () => 'bad inputs, forged secrets, tokens rotated',
  disturb: async (ctx) => {
    const { world, random, settings, say } = ctx;
    world.desired.acceptedBadObjects.push(...(await sendBadObjects(world, tenant)));
    await world.tokens.put(tenant, 'team-token');
    await createBadApps(world);
    const team = new Team(world, tenant, random, own('team-token'));
    await rotateWhileBusy(ctx, team);
    const forged = await forgeRecords(world, tenant, random, settings.graceMs);
    say(`bad-inputs: ${team.changes}; ${String(forged)} forged records; the late token appears`);
    await sleep(random.int(500, 2000));
    await world.tokens.put(tenant, 'late-token');
    return { apps: team.created + badApps.length + 1, controllerKills: 0, apiserverRestarts: 0 };
  },
};

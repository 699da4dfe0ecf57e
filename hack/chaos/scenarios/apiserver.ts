// The API server killed (as a crash) while apps change, down for a few seconds, and started again on the same etcd.
// A leader that cannot renew its lease within --renew-deadline exits, by design; the fleet starts it again.
import { setTimeout as sleep } from 'node:timers/promises';
import { namespaceOf } from '../fixture.ts';
import { Team } from '../team.ts';
import type { Scenario } from './types.ts';

export const apiserverScenario: Scenario = {
  name: 'apiserver',
  title: () => 'API server killed and restarted',
  disturb: async ({ world, fleet, settings, random, say }) => {
    const team = new Team(world, namespaceOf.apiserver, random);
    const half = Math.ceil(settings.scenarioApps / 2);
    await team.create(half);
    await team.churn(Math.round(half / 4), Math.round(half / 10));
    await sleep(random.int(200, 1500));
    const downMs = random.int(1000, 6000);
    say(`apiserver: killed for ${String(downMs)} ms`);
    await world.controlPlane.stopApiserver();
    await sleep(downMs);
    await world.controlPlane.startApiserver();
    await team.create(settings.scenarioApps - half);
    await team.churn(Math.round(team.names.length / 4), Math.round(team.names.length / 10));
    await fleet.waitForLeader(90_000);
    say(`apiserver: ${team.changes}`);
    return { apps: team.created, controllerKills: 0, apiserverRestarts: 1 };
  },
};

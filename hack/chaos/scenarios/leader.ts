// Two replicas with leader election; the leader SIGKILLed while apps change (twice in the full run). The standby
// takes over when the lease expires; the killed one comes back as the new standby. One replica again afterwards.
import { setTimeout as sleep } from 'node:timers/promises';
import { namespaceOf } from '../fixture.ts';
import { Team } from '../team.ts';
import type { Scenario } from './types.ts';

export const leaderScenario: Scenario = {
  name: 'leader',
  title: (s) => `two replicas, leader SIGKILLed ${String(s.leaderKills)} times`,
  disturb: async ({ world, fleet, settings, random, say }) => {
    await fleet.scale(2);
    await fleet.waitForLeader();
    await fleet.waitForStandbys();
    const team = new Team(world, namespaceOf.leader, random);
    await team.create(Math.ceil(settings.scenarioApps / 2));
    const perKill = Math.ceil((settings.scenarioApps - team.created) / Math.max(1, settings.leaderKills));
    for (let kill = 1; kill <= settings.leaderKills; kill++) {
      const leader = await fleet.waitForLeader();
      await fleet.waitForStandbys();
      await team.create(Math.min(perKill, settings.scenarioApps - team.created));
      await team.churn(Math.round(team.names.length / 5), 1);
      await sleep(random.int(100, 2000));
      say(
        `leader: SIGKILL of the leader (replica ${String(leader + 1)}), ${String(kill)} of ${String(settings.leaderKills)}`,
      );
      await fleet.kill(leader);
      await fleet.waitForLeader();
    }
    say(`leader: ${team.changes}`);
    return { apps: team.created, controllerKills: settings.leaderKills, apiserverRestarts: 0 };
  },
  after: async ({ fleet }) => {
    await fleet.scale(1);
    await fleet.waitForLeader();
  },
};

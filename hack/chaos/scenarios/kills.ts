// The controller SIGKILLed at random moments (20 times in the full run), each time while a wave of new, changed and
// deleted apps is being worked on, and started again at once; the new process takes over once the dead one's lease
// expires, as in a pod restarted by its kubelet.
import { setTimeout as sleep } from 'node:timers/promises';
import { namespaceOf } from '../fixture.ts';
import { Team } from '../team.ts';
import type { Scenario } from './types.ts';

export const killsScenario: Scenario = {
  name: 'kills',
  title: (s) => `controller SIGKILLed ${String(s.kills)} times`,
  disturb: async ({ world, fleet, settings, random, say }) => {
    const team = new Team(world, namespaceOf.kills, random);
    const first = Math.ceil(settings.scenarioApps / 3);
    await team.create(first);
    const perWave = Math.ceil((settings.scenarioApps - first) / Math.max(1, settings.kills));
    for (let kill = 1; kill <= settings.kills; kill++) {
      const leader = await fleet.waitForLeader();
      await team.create(Math.min(perWave, settings.scenarioApps - team.created));
      await team.churn(random.int(1, Math.max(1, Math.round(perWave / 2))), random.chance(0.5) ? 1 : 0);
      const after = random.int(100, 2500);
      await sleep(after);
      say(`kills: SIGKILL ${String(kill)} of ${String(settings.kills)}, ${String(after)} ms into a wave`);
      await fleet.kill(leader);
    }
    await fleet.waitForLeader();
    say(`kills: ${team.changes}`);
    return { apps: team.created, controllerKills: settings.kills, apiserverRestarts: 0 };
  },
};

// Aiven misbehaving: a share of every request (20% in the full run) answered 429 or 5xx, left without an answer, reset,
// or carried out with its answer lost, while the team creates its apps in waves and changes and deletes some between
// them. The faults stay until the controller has looked at every app's latest spec, and a grace period and a janitor
// pass longer, so its synchronizations, retirements and cleanups all meet them.
import { setTimeout as sleep } from 'node:timers/promises';
import { faultMix } from '../fault-mix.ts';
import { namespaceOf } from '../fixture.ts';
import { janitorIntervalMs } from '../fleet.ts';
import { Team } from '../team.ts';
import { everyAppObserved } from './settled.ts';
import type { Scenario } from './types.ts';

const waves = 5;

/** `total` in `parts` nearly equal whole parts. */
export const split = (total: number, parts: number): number[] =>
  Array.from({ length: parts }, (_, i) => Math.floor((total * (i + 1)) / parts) - Math.floor((total * i) / parts));

export const faultsScenario: Scenario = {
  name: 'faults',
  title: (s) => `${String(s.apps)} apps under ${String(Math.round(s.faultRate * 100))}% Aiven faults`,
  disturb: async ({ world, settings, random, say }) => {
    const team = new Team(world, namespaceOf.faults, random);
    world.simulator.faults.set(faultMix(settings.faultRate));
    try {
      for (const size of split(settings.apps, waves)) {
        await team.create(size);
        await sleep(random.int(100, 600));
        await team.churn(Math.round(team.names.length * 0.15), Math.round(team.names.length * 0.05));
      }
      await team.churn(Math.round(team.names.length * 0.2), Math.round(team.names.length * 0.1));
      say(`faults: ${team.changes}; waiting for every app to be looked at under faults`);
      const observed = await everyAppObserved(world, team.namespace, settings.convergeMs / 2);
      if (!observed) say('faults: not every app was looked at before the faults ended');
      // Replaced users falling due and the janitor's next pass (and the cleanups it starts) meet the faults too.
      await sleep(settings.graceMs + janitorIntervalMs);
    } finally {
      world.simulator.faults.set([]);
    }
    return { apps: team.created, controllerKills: 0, apiserverRestarts: 0 };
  },
};

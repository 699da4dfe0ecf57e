// What a scenario is: a disturbance of the world, after which the runner waits for the invariants to hold again.
import type { Fleet } from '../fleet.ts';
import type { Random } from '../random.ts';
import type { ChaosSettings, ScenarioName } from '../settings.ts';
import type { World } from '../world.ts';

export interface ScenarioContext {
  readonly world: World;
  readonly fleet: Fleet;
  readonly settings: ChaosSettings;
  /** This scenario's own generator (a fork of the run's). */
  readonly random: Random;
  readonly say: (line: string) => void;
}

/** What a scenario did, besides the Aiven faults the simulator counts. */
export interface Disturbance {
  readonly apps: number;
  readonly controllerKills: number;
  readonly apiserverRestarts: number;
}

export interface Scenario {
  readonly name: ScenarioName;
  /** One line for the table. */
  readonly title: (settings: ChaosSettings) => string;
  /** Returns when the disturbance is over: the run then times convergence from that moment. */
  disturb(ctx: ScenarioContext): Promise<Disturbance>;
  /** After convergence, before the next scenario (back to one replica, say). */
  after?(ctx: ScenarioContext): Promise<void>;
}

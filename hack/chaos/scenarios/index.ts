// The scenarios, in the order a run takes them: each leaves its apps in place, so every later check covers them too.
import { apiserverScenario } from './apiserver.ts';
import { badInputsScenario } from './bad-inputs.ts';
import { faultsScenario } from './faults.ts';
import { killsScenario } from './kills.ts';
import { leaderScenario } from './leader.ts';
import type { Scenario } from './types.ts';

export const scenarios: readonly Scenario[] = [
  faultsScenario,
  killsScenario,
  apiserverScenario,
  leaderScenario,
  badInputsScenario,
];

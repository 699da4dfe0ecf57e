import { describe, expect, test } from '@jest/globals';
import { failedInvariants, table, type ScenarioResult } from './report.ts';

const none = {
  ready: 0,
  orphans: 0,
  duplicates: 0,
  'lost-secrets': 0,
  'missing-users': 0,
  unmanaged: 0,
  crd: 0,
  leaks: 0,
};
const result = (changes: Partial<ScenarioResult> = {}): ScenarioResult => ({
  scenario: 'kills',
  title: 'controller SIGKILLed 3 times',
  apps: 6,
  faults: { aiven: 0, controllerKills: 3, apiserverRestarts: 0 },
  restarts: { planned: 3, unplanned: 1 },
  disturbanceSeconds: 14,
  convergeSeconds: 1.14,
  violations: none,
  knownIssues: 0,
  examples: [],
  ...changes,
});

describe('the report', () => {
  test('one row per scenario, columns aligned, own exits and an unmet bound spelled out', () => {
    const lines = table([result(), result({ convergeSeconds: undefined, violations: { ...none, orphans: 2 } })]).split(
      '\n',
    );
    expect(lines).toHaveLength(4);
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
    expect(lines[2]).toMatch(/^\| controller SIGKILLed 3 times \| +6 \| +3 \| 4 \(1 own exits\) \| +1\.1 s \|/);
    expect(lines[3]).toContain('not within bound');
    expect(lines[3]?.replace(/ +/g, ' ')).toContain('| 0 | 2 | 0 |');
  });

  test('the invariants that failed, each once, none for known issues alone', () => {
    const failing = [result({ violations: { ...none, leaks: 1 } }), result({ violations: { ...none, orphans: 1 } })];
    expect(failedInvariants(failing)).toEqual(['orphans', 'leaks']);
    expect(failedInvariants([result({ knownIssues: 4 })])).toEqual([]);
  });
});

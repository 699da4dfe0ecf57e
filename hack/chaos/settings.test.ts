import { describe, expect, test } from '@jest/globals';
import { chaosSettings } from './settings.ts';

describe('chaosSettings', () => {
  test('the full run by default', () => {
    expect(chaosSettings({})).toMatchObject({
      seed: undefined,
      apps: 500,
      scenarioApps: 100,
      kills: 20,
      leaderKills: 2,
      faultRate: 0.2,
      convergeMs: 180_000,
      scenarios: ['faults', 'kills', 'apiserver', 'leader', 'bad-inputs'],
      controller: 'dist/aivenator.js',
      out: '.chaos',
      logLevel: 'debug',
      grace: '3s',
      graceMs: 3000,
      strict: false,
    });
  });

  test('a smoke run from the environment; unrelated variables are ignored', () => {
    const settings = chaosSettings({
      CHAOS_SEED: '1234',
      CHAOS_APPS: '20',
      CHAOS_KILLS: '3',
      CHAOS_ONLY: 'bad-inputs, faults',
      CHAOS_CONVERGE_SECONDS: '45',
      PATH: '/bin',
    });
    expect(settings).toMatchObject({ seed: 1234, apps: 20, scenarioApps: 6, kills: 3, convergeMs: 45_000 });
    expect(settings.scenarios).toEqual(['faults', 'bad-inputs']);
  });

  test.each([
    { env: { CHAOS_APPS: 'many' }, says: 'CHAOS_APPS' },
    { env: { CHAOS_FAULT_RATE: '2' }, says: 'CHAOS_FAULT_RATE' },
    { env: { CHAOS_ONLY: 'faults,earthquake' }, says: 'unknown scenario earthquake' },
    { env: { CHAOS_GRACE: 'soon' }, says: 'CHAOS_GRACE' },
  ])('refuses $says', ({ env, says }) => {
    expect(() => chaosSettings(env)).toThrow(says);
  });
});

import { describe, expect, test } from '@jest/globals';
import {
  conventionOf,
  groupByService,
  missingFrom,
  recordedUserId,
  unlistedMissing,
  type RecordedUser,
} from './drift-plan.ts';

const recorded = (username: string, service: string, token = 'central', app = 'orders'): RecordedUser => ({
  user: { project: 'dev-nais-dev', service, username },
  app: { namespace: 'shop', name: app },
  secretName: `${app}-aiven`,
  handler: 'kafka',
  token,
});

describe('drift detection', () => {
  test('lists each service once per token, however many apps record users in it', () => {
    const checks = groupByService([
      recorded('a', 'kafka'),
      recorded('b', 'kafka', 'central', 'payments'),
      recorded('c', 'pg-team-a'),
      recorded('d', 'kafka', 'shop/aiven-token'),
    ]);
    expect(checks.map((c) => [c.token, c.ref.service, c.expected.map((e) => e.user.username)])).toEqual([
      ['central', 'kafka', ['a', 'b']],
      ['central', 'pg-team-a', ['c']],
      ['shop/aiven-token', 'kafka', ['d']],
    ]);
  });

  test('finds the recorded users a listing does not hold', () => {
    const [check] = groupByService([recorded('a', 'kafka'), recorded('b', 'kafka', 'central', 'payments')]);
    if (!check) throw new Error('no check');
    expect(missingFrom(check, new Set(['a', 'avnadmin'])).map((e) => [e.user.username, e.app.name])).toEqual([
      ['b', 'payments'],
    ]);
    expect(missingFrom(check, new Set(['a', 'b']))).toEqual([]);
  });

  test.each([
    ['team_app_1a2b3c4d_P16', 'underscore'],
    ['team.app.abc', 'dot'],
    ['avnadmin', 'other'],
    ['a_b', 'other'],
  ] as const)('classifies %s as %s, as nais/aivenator did', (username, convention) => {
    expect(conventionOf(username)).toBe(convention);
  });

  test('a service not listed this pass keeps the users the last listing missed as missing, and only those', () => {
    const [check] = groupByService([recorded('a_1', 'pg'), recorded('b_1', 'pg', 'central', 'payments')]);
    if (!check) throw new Error('one service, one check');
    const missedA = recordedUserId(recorded('a_1', 'pg'));
    expect(unlistedMissing(check, new Set([missedA, 'another service user']))).toEqual([missedA]);
    expect(unlistedMissing(check, new Set())).toEqual([]);
    expect(recordedUserId(recorded('a_1', 'pg'))).not.toBe(
      recordedUserId(recorded('a_1', 'pg', 'central', 'payments')),
    );
  });
});

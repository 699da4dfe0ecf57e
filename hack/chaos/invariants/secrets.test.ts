import { describe, expect, test } from '@jest/globals';
import type { Snapshot } from '../snapshot.ts';
import { checkInvariants, countByInvariant } from './index.ts';
import { checkLostSecrets, checkRefusals, checkUnmanaged } from './secrets.ts';
import { desired, pgSecret, pgUser, settled } from './test-snapshots.ts';

const user = pgUser('ns_app_1');
const messages = (check: (s: Snapshot) => { message: string }[], snapshot: Snapshot) =>
  check(snapshot).map((v) => v.message);
const foreign = pgSecret('ns/foreign', user, { managed: false, current: [], data: {}, resourceVersion: '7' });

describe('checkLostSecrets', () => {
  test.each([
    { name: 'a settled world', snapshot: settled(), violations: [] },
    {
      name: "an app's secret missing",
      snapshot: settled({ secrets: [] }),
      violations: ['secret ns/app-aiven, which app ns/app asks for, is missing'],
    },
    {
      name: "an app's secret being deleted",
      snapshot: settled({ secrets: [pgSecret('ns/app-aiven', user, { terminating: true })] }),
      violations: ['secret ns/app-aiven, which app ns/app asks for, is being deleted'],
    },
    {
      name: "an app's secret without its keys",
      snapshot: settled({ secrets: [pgSecret('ns/app-aiven', user, { data: {} })] }),
      violations: ['secret ns/app-aiven, which app ns/app asks for, has no credentials'],
    },
    {
      name: "an app's secret that is not managed",
      snapshot: settled({ secrets: [pgSecret('ns/app-aiven', user, { managed: false })] }),
      violations: ['secret ns/app-aiven, which app ns/app asks for, is not a managed secret'],
    },
    {
      name: 'a secret a workload reads, deleted',
      snapshot: settled({
        workloadRefs: new Set(['ns/old-aiven']),
        desired: desired({ mustSurvive: new Set(['ns/old-aiven']) }),
      }),
      violations: ['secret ns/old-aiven, which a workload reads, was deleted'],
    },
    {
      name: 'a secret no workload reads any more, deleted',
      snapshot: settled({ desired: desired({ mustSurvive: new Set(['ns/old-aiven']) }) }),
      violations: [],
    },
  ])('$name', ({ snapshot, violations }) => {
    expect(messages(checkLostSecrets, snapshot)).toEqual(violations);
  });
});

describe('checkUnmanaged', () => {
  const expecting = (resourceVersion: string) => desired({ unmanaged: new Map([['ns/foreign', resourceVersion]]) });
  test.each([
    { name: 'untouched', secrets: [foreign], resourceVersion: '7', violations: [] },
    {
      name: 'changed',
      secrets: [{ ...foreign, resourceVersion: '9' }],
      resourceVersion: '7',
      violations: ['unmanaged secret ns/foreign was changed (resourceVersion 7 → 9)'],
    },
    { name: 'deleted', secrets: [], resourceVersion: '7', violations: ['unmanaged secret ns/foreign was deleted'] },
    {
      name: 'taken over',
      secrets: [{ ...foreign, managed: true }],
      resourceVersion: '7',
      violations: ['unmanaged secret ns/foreign was made a managed one'],
    },
  ])('$name', ({ secrets, resourceVersion, violations }) => {
    const snapshot = settled({ secrets, desired: expecting(resourceVersion) });
    expect(messages(checkUnmanaged, snapshot)).toEqual(violations);
  });
});

describe('every invariant at once', () => {
  test('a settled world holds them all', () => {
    expect(checkInvariants(settled())).toEqual([]);
  });

  test('a bad object the API server stored, counted under its invariant', () => {
    const snapshot = settled({ desired: desired({ acceptedBadObjects: ['an app with no service'] }) });
    expect(messages(checkRefusals, snapshot)).toEqual([
      'the API server accepted an app with no service, which the CRD must refuse',
    ]);
    expect(countByInvariant(checkInvariants(snapshot))).toEqual({
      ready: 0,
      orphans: 0,
      duplicates: 0,
      'lost-secrets': 0,
      'missing-users': 0,
      unmanaged: 0,
      crd: 1,
      leaks: 0,
    });
  });
});

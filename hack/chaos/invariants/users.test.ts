import { describe, expect, test } from '@jest/globals';
import type { Snapshot } from '../snapshot.ts';
import { checkDuplicates, checkOrphans } from './users.ts';
import { graceMs, now, pgSecret, pgUser, readyApp, recorded, settled } from './test-snapshots.ts';

const user = pgUser('ns_app_1');
const replaced = pgUser('ns_app_0');
const stranger = pgUser('ns_other_1');
const messages = (check: (s: Snapshot) => { message: string }[], snapshot: Snapshot) =>
  check(snapshot).map((v) => v.message);

describe('checkOrphans', () => {
  test.each([
    { name: 'a settled world', snapshot: settled(), violations: [] },
    {
      name: 'a user no secret records',
      snapshot: settled({ aivenUsers: [user, stranger] }),
      violations: ['Aiven user proj/pg-ns/ns_other_1 is recorded on no live managed secret'],
    },
    {
      name: 'a replaced user within its grace period',
      snapshot: settled({
        aivenUsers: [user, replaced],
        secrets: [
          pgSecret('ns/app-aiven', user, { retired: [{ ...recorded(replaced), retiredAt: now - graceMs + 1 }] }),
        ],
      }),
      violations: [],
    },
    {
      name: 'a replaced user past its grace period',
      snapshot: settled({
        aivenUsers: [user, replaced],
        secrets: [
          pgSecret('ns/app-aiven', user, { retired: [{ ...recorded(replaced), retiredAt: now - graceMs - 1 }] }),
        ],
      }),
      violations: ['Aiven user proj/pg-ns/ns_app_0 was replaced and its grace period is over, yet it is still there'],
    },
    {
      name: 'a user only a terminating secret records',
      snapshot: settled({ secrets: [pgSecret('ns/app-aiven', user, { terminating: true })] }),
      violations: [
        'Aiven user proj/pg-ns/ns_app_1 is recorded on no live managed secret',
        'secret ns/app-aiven is still being deleted: the cleanup of its users has not finished',
      ],
    },
    {
      name: 'a user only an unmanaged secret names',
      snapshot: settled({ secrets: [pgSecret('ns/app-aiven', user, { managed: false })] }),
      violations: ['Aiven user proj/pg-ns/ns_app_1 is recorded on no live managed secret'],
    },
    {
      name: "the record of an app's secret that does not verify",
      snapshot: settled({ secrets: [pgSecret('ns/app-aiven', user, { signature: 'unsigned' })] }),
      violations: ['the record of secret ns/app-aiven does not verify (unsigned)'],
    },
    {
      name: "a tenant's own managed-looking secret naming the app's user, kept (protected)",
      snapshot: settled({
        secrets: [pgSecret('ns/app-aiven', user), pgSecret('ns/forged', user, { signature: 'invalid' })],
      }),
      violations: [],
    },
  ])('$name', ({ snapshot, violations }) => {
    expect(messages(checkOrphans, snapshot)).toEqual(violations);
  });
});

describe('checkDuplicates', () => {
  test.each([
    { name: 'a settled world', snapshot: settled(), violations: [] },
    {
      name: 'one user current on two secrets',
      snapshot: settled({ secrets: [pgSecret('ns/app-aiven', user), pgSecret('ns/old-aiven', user)] }),
      violations: ['Aiven user proj/pg-ns/ns_app_1 is the current user of ns/app-aiven and ns/old-aiven'],
    },
    {
      name: 'two users of one service on the secrets an app asks for',
      snapshot: settled({
        apps: [readyApp('ns/app', ['ns/app-aiven', 'ns/app-db'])],
        secrets: [pgSecret('ns/app-aiven', user), pgSecret('ns/app-db', replaced)],
      }),
      violations: ['app ns/app has 2 current users on proj/pg-ns: ns_app_1, ns_app_0'],
    },
    {
      name: 'an old secret a workload keeps, beside the one the app asks for',
      snapshot: settled({
        aivenUsers: [user, replaced],
        secrets: [pgSecret('ns/app-aiven', user), pgSecret('ns/old-aiven', replaced)],
      }),
      violations: [],
    },
    {
      name: 'a forged (unsigned) secret naming the same user',
      snapshot: settled({
        secrets: [pgSecret('ns/app-aiven', user), pgSecret('ns/forged', user, { signature: 'unsigned' })],
      }),
      violations: [],
    },
  ])('$name', ({ snapshot, violations }) => {
    expect(messages(checkDuplicates, snapshot)).toEqual(violations);
  });
});

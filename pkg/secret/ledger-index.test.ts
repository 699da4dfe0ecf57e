import { describe, expect, test } from '@jest/globals';
import type { V1Secret } from '@kubernetes/client-node';
import { createHandlers } from '../wiring/registry.ts';
import { LedgerIndex } from './ledger-index.ts';

const pg = (user: string) => ({
  'postgres.aiven.nais.io/serviceName': 'pg-team',
  'postgres.aiven.nais.io/serviceUser': user,
  'postgres.aiven.nais.io/project': 'main',
});
const id = (user: string) => `postgres/main/pg-team/${user}`;
const secret = (uid: string, annotations: Record<string, string>, deleting = false): V1Secret => ({
  metadata: { uid, annotations, ...(deleting ? { deletionTimestamp: new Date() } : {}) },
});
const indexOf = (...secrets: V1Secret[]) => {
  // Trusting every record: what is trusted is RecordTrust's (trust.test.ts); this is about the bookkeeping.
  const index = new LedgerIndex(createHandlers(), (s) => s.metadata?.annotations ?? {});
  for (const s of secrets) index.observe(s, 'add');
  return index;
};
const ids = ['mine', 'other', 'current', 'retired', 'nobody'].map(id);

describe('LedgerIndex', () => {
  test('names the users of other live secrets, current and retired, and not those of the secret itself', () => {
    const retired = JSON.stringify([{ annotations: pg('retired'), retiredAt: '2026-11-24T00:00:00Z' }]);
    const index = indexOf(
      secret('self', pg('mine')),
      secret('a', pg('other')),
      secret('b', { ...pg('current'), 'aivenator.aiven.nais.io/retired-users': retired }),
    );
    expect([...index.namedElsewhere(ids, 'self')].sort()).toEqual([id('current'), id('other'), id('retired')]);
  });

  test('does not count secrets being deleted: of two going at once, each cleans up', () => {
    const index = indexOf(secret('self', pg('both')), secret('twin', pg('both'), true));
    expect(index.namedElsewhere([id('both')], 'self').size).toBe(0);
  });

  test('follows updates and deletions', () => {
    const index = indexOf(secret('self', pg('mine')), secret('a', pg('shared')));
    expect(index.namedElsewhere([id('shared')], 'self').size).toBe(1);
    index.observe(secret('a', pg('changed')), 'update');
    expect(index.namedElsewhere([id('shared'), id('changed')], 'self')).toEqual(new Set([id('changed')]));
    index.observe(secret('a', pg('changed'), true), 'update');
    expect(index.namedElsewhere([id('changed')], 'self').size).toBe(0);
    index.observe(secret('a', pg('changed')), 'delete');
    index.observe(secret('c', pg('changed')), 'add');
    expect(index.namedElsewhere([id('changed')], 'self').size).toBe(1);
  });

  test('skips records a handler cannot read, instead of failing on another secret', () => {
    const index = indexOf(secret('a', { 'kafka.aiven.nais.io/serviceUser': 'no-pool', ...pg('x') }));
    expect(index.namedElsewhere([id('x')], 'self').size).toBe(1);
  });
});

import { describe, expect, test } from '@jest/globals';
import type { V1Secret } from '@kubernetes/client-node';
import { createHandlers } from '../registry.ts';
import { usersNamedByOthers } from './shared-users.ts';

const handlers = createHandlers();
const pg = (user: string) => ({
  'postgres.aiven.nais.io/serviceName': 'pg-team',
  'postgres.aiven.nais.io/serviceUser': user,
  'postgres.aiven.nais.io/project': 'main',
});
const secret = (uid: string, annotations: Record<string, string>, deleting = false): V1Secret => ({
  metadata: { uid, annotations, ...(deleting ? { deletionTimestamp: new Date() } : {}) },
});

describe('usersNamedByOthers', () => {
  test('names the users of other live secrets, current and retired, and not those of the secret itself', () => {
    const self = secret('self', pg('mine'));
    const retired = JSON.stringify([{ annotations: pg('retired'), retiredAt: '2026-11-24T00:00:00Z' }]);
    const others = [
      self,
      secret('a', pg('other')),
      secret('b', { ...pg('current'), 'aivenator.aiven.nais.io/retired-users': retired }),
    ];
    expect([...usersNamedByOthers(handlers, others, self)].sort()).toEqual([
      'postgres/main/pg-team/current',
      'postgres/main/pg-team/other',
      'postgres/main/pg-team/retired',
    ]);
  });

  test('does not count secrets being deleted: of two going at once, each cleans up', () => {
    const self = secret('self', pg('both'));
    expect(usersNamedByOthers(handlers, [self, secret('twin', pg('both'), true)], self).size).toBe(0);
  });
});

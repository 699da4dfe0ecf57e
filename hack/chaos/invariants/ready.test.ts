import { describe, expect, test } from '@jest/globals';
import type { Expectation } from '../snapshot.ts';
import { checkReady } from './ready.ts';
import { desired, readyApp, settled } from './test-snapshots.ts';

const notReady = (reason: string, observedGeneration = 1) => ({ status: 'False', reason, observedGeneration });
const expecting = (expectation: Expectation) => desired({ apps: new Map([['ns/app', expectation]]) });

describe('checkReady', () => {
  test.each([
    { name: 'a Ready app', app: readyApp('ns/app', []), expectation: { ready: true } as const, violations: [] },
    {
      name: 'a bad input with its documented reason',
      app: readyApp('ns/app', [], { ready: notReady('KafkaPoolNotAllowed') }),
      expectation: { ready: false, reason: 'KafkaPoolNotAllowed' } as const,
      violations: [],
    },
    {
      name: 'an app not Ready',
      app: readyApp('ns/app', [], { ready: notReady('AivenUnavailable') }),
      expectation: { ready: true } as const,
      violations: ['app ns/app is Ready=False AivenUnavailable; expected Ready'],
    },
    {
      name: 'a bad input with another reason',
      app: readyApp('ns/app', [], { ready: notReady('Unexpected') }),
      expectation: { ready: false, reason: 'SecretConflict' } as const,
      violations: ['app ns/app is Ready=False Unexpected; expected Ready=False SecretConflict'],
    },
    {
      name: 'a Ready condition of an older generation',
      app: readyApp('ns/app', [], { generation: 3 }),
      expectation: { ready: true } as const,
      violations: ['app ns/app is Ready=True Synchronized (for generation 1 of 3); expected Ready'],
    },
    {
      name: 'an app without status',
      app: { key: 'ns/app', generation: 1, requestedSecrets: [] },
      expectation: { ready: true } as const,
      violations: ['app ns/app has no Ready condition; expected Ready'],
    },
  ])('$name', ({ app, expectation, violations }) => {
    const found = checkReady(settled({ apps: [app], desired: expecting(expectation) }));
    expect(found.map((v) => v.message)).toEqual(violations);
    expect(found.every((v) => v.invariant === 'ready')).toBe(true);
  });

  test('an app deleted by the harness that is still there, and one kept that is gone', () => {
    const snapshot = settled({
      apps: [readyApp('ns/deleted', [])],
      desired: desired({ apps: new Map([['ns/kept', { ready: true }]]) }),
    });
    expect(checkReady(snapshot).map((v) => v.message)).toEqual([
      'app ns/kept is gone, though nobody deleted it',
      'app ns/deleted is still there, though it was deleted',
    ]);
  });
});

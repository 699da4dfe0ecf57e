import { describe, expect, test } from '@jest/globals';
import type { KubernetesObject } from '@kubernetes/client-node';
import { GenerationFilter, type ChangeKind } from './generation-filter.ts';

const object = (uid: string, generation: number, deleting = false): KubernetesObject => ({
  metadata: { uid, generation, ...(deleting ? { deletionTimestamp: new Date(0) } : {}) },
});

describe('GenerationFilter', () => {
  test.each<[string, [KubernetesObject, ChangeKind][], boolean[]]>([
    ['admits the first sight', [[object('a', 1), 'add']], [true]],
    [
      'ignores a status-only update',
      [
        [object('a', 1), 'add'],
        [object('a', 1), 'update'],
      ],
      [true, false],
    ],
    [
      'admits a new generation',
      [
        [object('a', 1), 'add'],
        [object('a', 2), 'update'],
        [object('a', 2), 'update'],
      ],
      [true, true, false],
    ],
    [
      'admits a deletion mark and a deletion',
      [
        [object('a', 1), 'add'],
        [object('a', 1, true), 'update'],
        [object('a', 1, true), 'delete'],
      ],
      [true, true, true],
    ],
    [
      'forgets a deleted object, so one re-created with the same uid is admitted',
      [
        [object('a', 1), 'add'],
        [object('a', 1), 'delete'],
        [object('a', 1), 'add'],
      ],
      [true, true, true],
    ],
    [
      'keeps objects apart',
      [
        [object('a', 1), 'add'],
        [object('b', 1), 'add'],
        [object('a', 1), 'update'],
      ],
      [true, true, false],
    ],
  ])('%s', (_name, changes, admitted) => {
    const filter = new GenerationFilter();
    expect(changes.map(([o, kind]) => filter.admit(o, kind))).toEqual(admitted);
  });
});

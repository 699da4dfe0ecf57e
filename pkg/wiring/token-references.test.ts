import { describe, expect, test } from '@jest/globals';
import { TokenReferences, type AppTokenRef } from './token-references.ts';

const app = (name: string, token?: string, namespace = 'team'): AppTokenRef => ({
  metadata: { namespace, name },
  spec: token ? { authSecretRef: { name: token } } : {},
});

describe('which token secrets apps name', () => {
  test('follows each app through add, change and delete, counting apps that share a secret', () => {
    const refs = new TokenReferences();
    refs.update(app('a', 'shared'), 'add');
    refs.update(app('b', 'shared'), 'add');
    refs.update(app('c'), 'add');
    expect(refs.named('team', 'shared')).toBe(true);
    expect(refs.named('other', 'shared')).toBe(false); // a reference names a secret of the app's own namespace

    refs.update(app('a', 'own'), 'update');
    expect([refs.named('team', 'shared'), refs.named('team', 'own')]).toEqual([true, true]);
    refs.update(app('b', 'shared'), 'delete');
    expect(refs.named('team', 'shared')).toBe(false);
    refs.update(app('a'), 'update'); // the reference removed from the spec
    expect(refs.named('team', 'own')).toBe(false);
  });

  test('an update that keeps the reference, or a repeated add, counts once', () => {
    const refs = new TokenReferences();
    refs.update(app('a', 'token'), 'add');
    refs.update(app('a', 'token'), 'update');
    refs.update(app('a', 'token'), 'add');
    refs.update(app('a', 'token'), 'delete');
    expect(refs.named('team', 'token')).toBe(false);
  });
});

import { describe, expect, test } from '@jest/globals';
import { valkeyAccessControl } from '../../handlers/valkey/acl.ts';
import type { SimUser } from '../../sim/users.ts';
import { aclRules } from './valkey.ts';

const user = (overrides: Partial<SimUser>): SimUser => ({
  username: 'app-r-abc',
  password: 'secret-1',
  type: 'regular',
  passwordUpdatedTime: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

describe('aclRules', () => {
  test("turns Aiven's access control into ACL SETUSER rules: categories, then commands, keys and channels", () => {
    expect(aclRules(user({ accessControl: valkeyAccessControl('read') }))).toEqual([
      'on',
      '>secret-1',
      '-@all',
      '+@connection',
      '+@scripting',
      '+@pubsub',
      '+@transaction',
      '+@read',
      '+info',
      '+cluster|slots',
      '~*',
      '&*',
    ]);
  });

  test('grants only the key and channel patterns listed, each with its prefix', () => {
    const accessControl = { valkey_acl_categories: ['+@read'], valkey_acl_keys: ['orders:*', 'stock:*'] };
    expect(aclRules(user({ accessControl }))).toEqual(['on', '>secret-1', '+@read', '~orders:*', '~stock:*']);
  });

  test('gives avnadmin, and a user made without access control, everything', () => {
    const all = ['on', '>secret-1', '~*', '&*', '+@all'];
    expect(aclRules(user({ username: 'avnadmin', type: 'primary' }))).toEqual(all);
    expect(aclRules(user({}))).toEqual(all);
  });
});

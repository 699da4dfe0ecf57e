import { describe, expect, test } from '@jest/globals';
import { sameValkeyAccess, valkeyAccessControl } from './acl.ts';

describe('valkeyAccessControl', () => {
  test.each([
    { access: 'read', added: ['+@read'] },
    { access: undefined, added: ['+@read'] },
    { access: 'write', added: ['+@write'] },
    { access: 'readwrite', added: ['+@write', '+@read'] },
    { access: 'admin', added: ['+@admin', '+@write', '+@read'] },
  ])('grants $added for $access', ({ access, added }) => {
    expect(valkeyAccessControl(access)).toEqual({
      valkey_acl_categories: ['-@all', '+@connection', '+@scripting', '+@pubsub', '+@transaction', ...added],
      valkey_acl_commands: ['+info', '+cluster|slots'],
      valkey_acl_keys: ['*'],
      valkey_acl_channels: ['*'],
    });
  });
});

describe('sameValkeyAccess', () => {
  const wanted = valkeyAccessControl('read');
  test.each([
    { name: 'the same ACL', actual: wanted, same: true },
    { name: 'keys reordered', actual: { ...wanted, valkey_acl_keys: ['b', 'a'] }, wantedKeys: ['a', 'b'], same: true },
    { name: 'unrelated keys present', actual: { ...wanted, pg_allow_replication: false }, same: true },
    {
      name: 'categories reordered (changes their meaning)',
      actual: { ...wanted, valkey_acl_categories: [...(wanted.valkey_acl_categories ?? [])].reverse() },
      same: false,
    },
    { name: 'a missing category', actual: { ...wanted, valkey_acl_categories: ['-@all'] }, same: false },
    { name: 'no ACL at all', actual: undefined, same: false },
  ])('treats $name as same: $same', ({ actual, wantedKeys, same }) => {
    expect(sameValkeyAccess(actual, wantedKeys ? { ...wanted, valkey_acl_keys: wantedKeys } : wanted)).toBe(same);
  });
});

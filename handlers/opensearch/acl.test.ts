import { describe, expect, test } from '@jest/globals';
import { withGrant, withoutUser } from './acl.ts';

const read = [
  { index: '_*', permission: 'read' as const },
  { index: '*', permission: 'read' as const },
];
const other = { username: 'other-r-abc', rules: read };

describe('withGrant', () => {
  test.each([
    {
      name: 'adds an entry and enables ACLs',
      config: { acls: [other], enabled: false },
      expected: { acls: [other, { username: 'me', rules: read }], enabled: true },
    },
    {
      name: 'changes nothing when the grant is there',
      config: { acls: [{ username: 'me', rules: read }], enabled: true },
      expected: null,
    },
    {
      name: 'adds only missing rules, keeping the old ones',
      config: { acls: [{ username: 'me', rules: [{ index: '*', permission: 'read' as const }] }], enabled: true },
      expected: {
        acls: [
          {
            username: 'me',
            rules: [
              { index: '*', permission: 'read' },
              { index: '_*', permission: 'read' },
            ],
          },
        ],
        enabled: true,
      },
    },
    {
      name: 'enables ACLs that were switched off',
      config: { acls: [{ username: 'me', rules: read }], enabled: false },
      expected: { acls: [{ username: 'me', rules: read }], enabled: true },
    },
  ])('$name', ({ config, expected }) => {
    expect(withGrant(config, 'me', 'read')).toEqual(expected);
  });
});

describe('withoutUser', () => {
  test('drops the user and keeps the others', () => {
    expect(withoutUser({ acls: [other, { username: 'me', rules: read }], enabled: true }, 'me')).toEqual({
      acls: [other],
      enabled: true,
    });
  });
  test('changes nothing for a user without an entry', () => {
    expect(withoutUser({ acls: [other], enabled: true }, 'me')).toBeNull();
  });
});

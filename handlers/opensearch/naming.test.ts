import { describe, expect, test } from '@jest/globals';
import { openSearchUserName } from './naming.ts';

describe('openSearchUserName', () => {
  test.each([
    { namespace: 'team-a', access: 'read', suffix: '3D_', name: 'team-a-r-3D_' },
    { namespace: 'team-a', access: undefined, suffix: '3D_', name: 'team-a-r-3D_' },
    { namespace: 'team-a', access: 'admin', suffix: '3D_', name: 'team-a-3D_' },
    { namespace: 'team-a', access: 'readwrite', suffix: 'P16', name: 'team-a-rw-P16' },
  ])('names $namespace with $access access $name', ({ namespace, access, suffix, name }) => {
    expect(openSearchUserName(namespace, access, suffix)).toBe(name);
  });
});

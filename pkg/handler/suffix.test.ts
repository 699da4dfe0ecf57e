import { describe, expect, test } from '@jest/globals';
import { accessSuffix, usernameSuffix } from './suffix.ts';

describe('usernameSuffix', () => {
  test.each([
    { generation: 0, app: 'test-app', suffix: '3D_' },
    { generation: 1, app: 'myapp', suffix: 'P16' },
  ])('gives $suffix for generation $generation of $app (aivenator vectors)', ({ generation, app, suffix }) => {
    expect(usernameSuffix(generation, app)).toBe(suffix);
  });

  test('changes with the generation', () => {
    expect(usernameSuffix(2, 'myapp')).not.toBe(usernameSuffix(1, 'myapp'));
  });
});

describe('accessSuffix', () => {
  test.each([
    { access: 'admin', suffix: '' },
    { access: 'write', suffix: '-w' },
    { access: 'readwrite', suffix: '-rw' },
    { access: 'read', suffix: '-r' },
    { access: undefined, suffix: '-r' },
  ])('gives "$suffix" for $access', ({ access, suffix }) => {
    expect(accessSuffix(access)).toBe(suffix);
  });
});

import { describe, expect, test } from '@jest/globals';
import { crc32Hex, shorten } from './shorten.ts';

describe('shorten', () => {
  test.each([
    { input: 'team-a', prefix: 'team', max: 20, output: 'a' },
    { input: 'team', prefix: 'team', max: 20, output: 'team' },
    { input: 'myapp-', prefix: 'x', max: 5, output: 'myapp' },
    { input: 'abcd---efgh', prefix: 'x', max: 7, output: 'abcd' },
    { input: '---', prefix: 'x', max: 20, output: '' },
    { input: 'team---', prefix: 'team', max: 20, output: '' },
  ])('shortens $input to "$output"', ({ input, prefix, max, output }) => {
    expect(shorten(input, prefix, max)).toBe(output);
  });
});

describe('crc32Hex', () => {
  test('pads to eight hex digits, as Go prints %08x', () => {
    expect(crc32Hex('myteammyapp')).toBe('17ce5665');
    expect(crc32Hex('')).toBe('00000000');
  });
});

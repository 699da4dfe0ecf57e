import { describe, expect, test } from '@jest/globals';
import { describeLeak, findLeaks, needlesOf } from './leaks.ts';
import type { IssuedSecret } from './vault.ts';

const pemLine = (i: number) => `${String.fromCharCode(65 + i)}${'x'.repeat(63)}`;
const pem = [
  '-----BEGIN PRIVATE KEY-----',
  ...Array.from({ length: 5 }, (_, i) => pemLine(i)),
  'tail==',
  '-----END PRIVATE KEY-----',
  '',
].join('\n');
const password: IssuedSecret = { kind: 'password', owner: 'ns_app_1', value: 'AVNS_abcdefghijklmnopqrst' };
const key: IssuedSecret = { kind: 'access key', owner: 'team_app_x', value: pem };
const log = (text: string) => [{ source: 'controller 1 #1', text }];

describe('needlesOf', () => {
  test('a value and its base64', () => {
    expect(needlesOf('AVNS_abcdefghijklmnopqrst')).toEqual([
      'AVNS_abcdefghijklmnopqrst',
      Buffer.from('AVNS_abcdefghijklmnopqrst').toString('base64').replace(/=+$/, ''),
    ]);
  });

  test('some full body lines of a PEM, and a slice of its base64 past the common header', () => {
    const needles = needlesOf(pem);
    expect(needles).toEqual(expect.arrayContaining([pemLine(0), pemLine(2), pemLine(4)]));
    expect(needles.some((n) => n.includes('BEGIN'))).toBe(false);
    expect(needles).toContain(Buffer.from(pem).toString('base64').slice(120, 184));
  });

  test('nothing too short to tell from chance', () => {
    expect(needlesOf('abc')).toEqual([]);
  });
});

describe('findLeaks', () => {
  test.each([
    { name: 'a clean log', text: '{"message":"synchronized","user":"ns_app_1"}\n', leaks: [] },
    {
      name: 'a password in a message',
      text: 'line one\n{"err":"login failed for AVNS_abcdefghijklmnopqrst"}\n',
      leaks: ['password of ns_app_1 in the log of controller 1 #1, line 2'],
    },
    {
      name: "a secret's data, base64",
      text: `{"data":{"PGPASSWORD":"${Buffer.from(password.value).toString('base64')}"}}`,
      leaks: ['password of ns_app_1 in the log of controller 1 #1, line 1'],
    },
    {
      name: 'a key with JSON-escaped newlines',
      text: JSON.stringify({ key: pem }),
      leaks: ['access key of team_app_x in the log of controller 1 #1, line 1'],
    },
    {
      name: 'one line of a key body',
      text: `x ${pemLine(2)} y`,
      leaks: ['access key of team_app_x in the log of controller 1 #1, line 1'],
    },
    {
      name: 'each secret once per log',
      text: `${password.value}\n${password.value}`,
      leaks: ['password of ns_app_1 in the log of controller 1 #1, line 1'],
    },
  ])('$name', ({ text, leaks }) => {
    expect(findLeaks(log(text), [password, key]).map(describeLeak)).toEqual(leaks);
  });
});

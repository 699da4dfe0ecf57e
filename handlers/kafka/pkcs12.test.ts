// The MAC key derivation against node-forge's (an independent implementation of RFC 7292 appendix B.2).
import { describe, expect, test } from '@jest/globals';
import forge from 'node-forge';
import { pkcs12Kdf } from './pkcs12.ts';

const forgeKdf = (password: string, salt: Buffer, id: number, rounds: number): Buffer =>
  Buffer.from(
    forge.pkcs12
      .generateKey(password, forge.util.createBuffer(salt.toString('binary')), id, rounds, 32, forge.md.sha256.create())
      .getBytes(),
    'binary',
  );

describe('the PKCS#12 key derivation', () => {
  test.each([
    { password: 'changeme', salt: '0102030405060708', id: 3, rounds: 2048 },
    { password: 'changeme', salt: '000102030405060708090a0b0c0d0e0f', id: 3, rounds: 1 },
    { password: '', salt: 'ff', id: 1, rounds: 7 },
    {
      password: 'a longer password, longer than one 64-byte block of input once it is UTF-16',
      salt: 'aa',
      id: 2,
      rounds: 3,
    },
  ])('$password, salt $salt, id $id, $rounds rounds: as forge derives it', ({ password, salt, id, rounds }) => {
    const bytes = Buffer.from(salt, 'hex');
    expect(pkcs12Kdf(password, bytes, id, rounds).toString('hex')).toBe(
      forgeKdf(password, bytes, id, rounds).toString('hex'),
    );
  });
});

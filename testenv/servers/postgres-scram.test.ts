import { describe, expect, test } from '@jest/globals';
import { scramVerifier } from './postgres-scram.ts';

// What PostgreSQL 15.18 stored for `CREATE ROLE vec PASSWORD 'pencil'` (password_encryption scram-sha-256).
const madeByPostgres =
  'SCRAM-SHA-256$4096:bLobksDffTeVePWOr8wOJg==$ypQNoL1d4K5k8KVWpMQBUCpBHU57H3eAsslUHV7lblE=:nH19Sc/0MxvAuvjtp0liwsUDfNbtoywmATf/Z6jqMnA=';

describe('scramVerifier', () => {
  test("is PostgreSQL's own for the same password and salt", () => {
    expect(scramVerifier('pencil', Buffer.from('bLobksDffTeVePWOr8wOJg==', 'base64'))).toBe(madeByPostgres);
  });

  test('salts each verifier anew', () => {
    expect(scramVerifier('pencil')).not.toBe(scramVerifier('pencil'));
  });

  test('refuses what it would need SASLprep for', () => {
    expect(() => scramVerifier('pässword')).toThrow('only printable ASCII');
  });
});

// The stores are checked with the tools apps and people use: Java's keytool and openssl.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll } from '@jest/globals';
import { createCertificateAuthority, issueClientCertificate, type ClientCredentials } from '../../sim/x509.ts';
import { createKeystore, createTruststore, credstorePassword } from './keystore.ts';

const run = async (command: string, args: string[]) => (await promisify(execFile)(command, args)).stdout;

describe('the Kafka credential stores', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aivenator-keystore-'));
  const keystore = join(dir, 'client.keystore.p12');
  const truststore = join(dir, 'client.truststore.jks');
  let user: ClientCredentials;

  // Two RSA keys and two PKCS#12 stores: well under a second alone, several on a busy machine (it failed jest's
  // default 5 s there), so the set-up gets a minute.
  beforeAll(async () => {
    const ca = await createCertificateAuthority('dev-nais-dev');
    user = await issueClientCertificate(ca, 'team_app_17ce5665_P16');
    writeFileSync(keystore, createKeystore(user.certificatePem, user.keyPem));
    writeFileSync(truststore, createTruststore(ca.certificatePem));
  }, 60_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('keytool lists the keystore as one private key entry', async () => {
    const listing = await run('keytool', [
      '-list',
      '-storetype',
      'PKCS12',
      '-keystore',
      keystore,
      '-storepass',
      credstorePassword,
    ]);
    expect(listing).toContain('Your keystore contains 1 entry');
    expect(listing).toContain('PrivateKeyEntry');
  });

  test('openssl reads the key and certificate back from the keystore', async () => {
    const pem = await run('openssl', ['pkcs12', '-in', keystore, '-passin', `pass:${credstorePassword}`, '-nodes']);
    expect(pem).toContain('subject=CN = team_app_17ce5665_P16');
    expect(pem).toContain('-----BEGIN PRIVATE KEY-----');
  });

  test('Java decrypts the private key: keytool copies the entry into a new keystore', async () => {
    const copy = join(dir, 'copy.p12');
    await run('keytool', [
      '-importkeystore',
      ...['-srckeystore', keystore, '-srcstoretype', 'PKCS12', '-srcstorepass', credstorePassword],
      ...['-destkeystore', copy, '-deststoretype', 'PKCS12', '-deststorepass', 'another-password', '-noprompt'],
    ]);
    // The copy is encrypted with another password: only a key Java decrypted can be in it.
    const listing = await run('keytool', [
      '-list',
      '-storetype',
      'PKCS12',
      '-keystore',
      copy,
      '-storepass',
      'another-password',
    ]);
    expect(listing).toContain('PrivateKeyEntry');
  });

  test('the key openssl reads back is the certificate’s', async () => {
    const pem = await run('openssl', ['pkcs12', '-in', keystore, '-passin', `pass:${credstorePassword}`, '-nodes']);
    const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(pem)?.[0] ?? '';
    expect(createPublicKey(key).export({ type: 'spki', format: 'pem' })).toBe(
      new X509Certificate(user.certificatePem).publicKey.export({ type: 'spki', format: 'pem' }),
    );
  });

  test('a wrong password is refused for the keystore too', async () => {
    await expect(run('openssl', ['pkcs12', '-in', keystore, '-passin', 'pass:wrong', '-nodes'])).rejects.toThrow();
  });

  test('keytool lists the truststore as the CA, a trusted certificate entry named ca', async () => {
    const listing = await run('keytool', [
      '-list',
      '-v',
      '-storetype',
      'PKCS12',
      '-keystore',
      truststore,
      '-storepass',
      credstorePassword,
    ]);
    expect(listing).toContain('Your keystore contains 1 entry');
    expect(listing).toMatch(/Alias name: ca\n/);
    expect(listing).toContain('Entry type: trustedCertEntry');
    expect(listing).toContain('Owner: CN=dev-nais-dev Project CA');
  });

  test('openssl verifies the truststore MAC and reads the CA', async () => {
    const pem = await run('openssl', ['pkcs12', '-in', truststore, '-passin', `pass:${credstorePassword}`, '-nokeys']);
    expect(pem).toContain('friendlyName: ca');
    expect(pem).toContain('subject=CN = dev-nais-dev Project CA');
  });

  test('a wrong password is refused (the MAC is checked)', async () => {
    await expect(run('openssl', ['pkcs12', '-in', truststore, '-passin', 'pass:wrong', '-nokeys'])).rejects.toThrow();
  });
});

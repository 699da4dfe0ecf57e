import { describe, expect, test } from '@jest/globals';
import { X509Certificate } from 'node:crypto';
import { createCertificateAuthority, issueClientCertificate, keyPool } from './x509.ts';

describe('the simulator’s certificates', () => {
  test('a client certificate is signed by its project CA, for its user, with a key of its own', async () => {
    const ca = await createCertificateAuthority('dev-nais-dev');
    const [first, second] = await Promise.all([
      issueClientCertificate(ca, 'team_app_1'),
      issueClientCertificate(ca, 'team_app_2'),
    ]);
    const caCertificate = new X509Certificate(ca.certificatePem);
    for (const [credentials, user] of [
      [first, 'team_app_1'],
      [second, 'team_app_2'],
    ] as const) {
      const certificate = new X509Certificate(credentials.certificatePem);
      expect(certificate.verify(caCertificate.publicKey)).toBe(true);
      expect(certificate.checkIssued(caCertificate)).toBe(true);
      expect(certificate.subject).toBe(`CN=${user}`);
    }
    expect(first.keyPem).not.toBe(second.keyPem);
    // A CA made by another project does not verify it.
    const other = new X509Certificate((await createCertificateAuthority('other')).certificatePem);
    expect(new X509Certificate(first.certificatePem).verify(other.publicKey)).toBe(false);
  }, 60_000);

  test('a key pool hands out its keys in turn; each certificate is still its own', async () => {
    const ca = await createCertificateAuthority('dev-nais-dev');
    const pool = keyPool(2);
    const issued = [];
    for (const user of ['a', 'b', 'c']) issued.push(await issueClientCertificate(ca, user, pool));
    const [a, b, c] = issued;
    expect(a?.keyPem).toBe(c?.keyPem);
    expect(a?.keyPem).not.toBe(b?.keyPem);
    expect(a?.certificatePem).not.toBe(c?.certificatePem);
  }, 60_000);
});

import { describe, expect, test } from '@jest/globals';
import { createCertificateAuthority } from '../../sim/x509.ts';
import { truststoreCache } from './apply.ts';

describe('the truststore cache', () => {
  test('builds a CA’s truststore once, and a new CA’s anew', async () => {
    const [first, second] = await Promise.all([createCertificateAuthority('a'), createCertificateAuthority('b')]);
    const truststores = truststoreCache();
    const built = truststores(first.certificatePem);
    expect(truststores(first.certificatePem)).toBe(built);
    expect(truststores(second.certificatePem)).not.toEqual(built);
  }, 60_000);
});

// The Kafka credential stores apps read (as in nais/aivenator): client.keystore.p12 with the user's key and
// certificate, and client.truststore.jks, which despite its name is PKCS#12 holding the CA as a trusted entry.
// Both open with `keytool -storetype PKCS12` and `openssl pkcs12` using the credstore password.
import { createPrivateKey, hash, X509Certificate } from 'node:crypto';
import { attribute, bmpString, certificateBag, oid, oids, octets, parsed, pfx, safeBag, seq } from './pkcs12.ts';

/** The fixed credstore password aivenator has always used; apps read it from KAFKA_CREDSTORE_PASSWORD. */
export const credstorePassword = 'changeme';

/**
 * The private key (PBES2-encrypted, as OpenSSL writes it) and the client certificate, no chain, tied together by a
 * localKeyId (the certificate's SHA-1, as forge and keytool make it).
 */
export function createKeystore(certificatePem: string, privateKeyPem: string, password = credstorePassword): Buffer {
  const certificate = new X509Certificate(certificatePem).raw;
  const encryptedKey = createPrivateKey(privateKeyPem).export({
    type: 'pkcs8',
    format: 'der',
    cipher: 'aes-256-cbc',
    passphrase: password,
  });
  const localKeyId = attribute(oids.localKeyId, octets(hash('sha1', certificate, 'buffer')));
  return pfx(
    [
      seq([certificateBag(certificate, [localKeyId])]),
      seq([safeBag(oids.pkcs8ShroudedKeyBag, parsed(encryptedKey), [localKeyId])]),
    ],
    password,
  );
}

/** PKCS#12 holding the CA as a trusted certificate entry named `ca`, for Java's truststore and openssl alike. */
export function createTruststore(caPem: string, password = credstorePassword): Buffer {
  const trusted = certificateBag(new X509Certificate(caPem).raw, [
    attribute(oids.friendlyName, bmpString('ca')),
    attribute(oids.javaTrustedKeyUsage, oid(oids.anyExtendedKeyUsage)),
  ]);
  return pfx([seq([trusted])], password);
}

// The Kafka credential stores apps read (as in nais/aivenator): client.keystore.p12 with the user's key and
// certificate, and client.truststore.jks, which despite its name is PKCS#12 holding the CA as a trusted entry.
// Both open with `keytool -storetype PKCS12` and `openssl pkcs12` using the credstore password.
import forge from 'node-forge';

/** The fixed credstore password aivenator has always used; apps read it from KAFKA_CREDSTORE_PASSWORD. */
export const credstorePassword = 'changeme';

const iterations = 2048;
const { asn1 } = forge;
const { Class, Type } = asn1;

const der = (node: forge.asn1.Asn1): string => asn1.toDer(node).getBytes();
const seq = (children: forge.asn1.Asn1[]) => asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, children);
const set = (children: forge.asn1.Asn1[]) => asn1.create(Class.UNIVERSAL, Type.SET, true, children);
const oid = (dotted: string) => asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(dotted).getBytes());
const octets = (bytes: string) => asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, bytes);
// [0] EXPLICIT: context-specific tag number 0, which forge names Type.NONE.
const explicit0 = (child: forge.asn1.Asn1) => asn1.create(Class.CONTEXT_SPECIFIC, Type.NONE, true, [child]);
const integer = (n: number) => asn1.create(Class.UNIVERSAL, Type.INTEGER, false, asn1.integerToDer(n).getBytes());

const oids = {
  data: '1.2.840.113549.1.7.1',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  sha1: '1.3.14.3.2.26',
  /** Oracle's trustedKeyUsage: without it Java does not list a certificate-only entry at all. */
  javaTrustedKeyUsage: '2.16.840.1.113894.746875.1.1',
  anyExtendedKeyUsage: '2.5.29.37.0',
};

const toBuffer = (bytes: string): Buffer => Buffer.from(bytes, 'binary');

/** PKCS#12 with the private key (3DES-encrypted) and the client certificate, no chain, with a localKeyId. */
export function createKeystore(certificatePem: string, privateKeyPem: string, password = credstorePassword): Buffer {
  const key = forge.pki.privateKeyFromPem(privateKeyPem);
  const certificate = forge.pki.certificateFromPem(certificatePem);
  const pfx = forge.pkcs12.toPkcs12Asn1(key, [certificate], password, {
    algorithm: '3des',
    generateLocalKeyId: true,
    count: iterations,
    saltSize: 8,
  });
  return toBuffer(der(pfx));
}

function trustedCertificateBag(caPem: string, alias: string): forge.asn1.Asn1 {
  const certificate = der(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(caPem)));
  // forge writes a BMPString's JS string as UTF-16 itself, as its own friendlyName code relies on.
  const bmp = asn1.create(Class.UNIVERSAL, Type.BMPSTRING, false, alias);
  return seq([
    oid(oids.certBag),
    explicit0(seq([oid(oids.x509Certificate), explicit0(octets(certificate))])),
    set([
      seq([oid(oids.friendlyName), set([bmp])]),
      seq([oid(oids.javaTrustedKeyUsage), set([oid(oids.anyExtendedKeyUsage)])]),
    ]),
  ]);
}

/** HMAC-SHA1 over the authenticated safe, keyed by the PKCS#12 key derivation (ID 3), as every reader expects. */
function macData(authenticatedSafe: string, password: string): forge.asn1.Asn1 {
  const salt = forge.random.getBytesSync(8);
  const key = forge.pkcs12.generateKey(password, forge.util.createBuffer(salt), 3, iterations, 20);
  const hmac = forge.hmac.create();
  hmac.start('sha1', key);
  hmac.update(authenticatedSafe);
  const digest = hmac.digest().getBytes();
  return seq([
    seq([seq([oid(oids.sha1), asn1.create(Class.UNIVERSAL, Type.NULL, false, '')]), octets(digest)]),
    octets(salt),
    integer(iterations),
  ]);
}

/** PKCS#12 holding the CA as a trusted certificate entry named `ca`, for Java's truststore and openssl alike. */
export function createTruststore(caPem: string, password = credstorePassword): Buffer {
  const safeContents = seq([trustedCertificateBag(caPem, 'ca')]);
  const authenticatedSafe = der(seq([seq([oid(oids.data), explicit0(octets(der(safeContents)))])]));
  const pfx = seq([
    integer(3),
    seq([oid(oids.data), explicit0(octets(authenticatedSafe))]),
    macData(authenticatedSafe, password),
  ]);
  return toBuffer(der(pfx));
}

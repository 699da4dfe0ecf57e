// Real X.509 for the simulator: a CA per project and Kafka client certificates it signs, so clients are tested
// against certificates that openssl and Java can read. Keys come from Node's native RSA (node-forge's pure-JS key
// generation takes seconds); node-forge lays out the certificates and Node's OpenSSL signs them (forge's RSA in
// JavaScript took tens of milliseconds per certificate).
import { generateKeyPair, randomBytes, sign } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

const generateRsa = promisify(generateKeyPair);

export interface CertificateAuthority {
  readonly certificatePem: string;
  readonly keyPem: string;
}

export interface ClientCredentials {
  readonly certificatePem: string;
  /** PKCS#8, as Aiven returns it. */
  readonly keyPem: string;
  readonly notAfter: Date;
}

export interface KeyPair {
  readonly publicKey: string;
  readonly privateKey: string;
}

/** Where client certificates' keys come from. */
export type KeySource = () => Promise<KeyPair>;

async function rsaKeyPair(): Promise<KeyPair> {
  return generateRsa('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** A new RSA key for every certificate, as Aiven does. */
export const freshKeys: KeySource = rsaKeyPair;

/**
 * `size` keys, made on first use and then handed out in turn: for benchmarks, where RSA key generation (tens of
 * milliseconds of CPU each) would otherwise be most of what the simulator does. Each certificate is still its own.
 */
export function keyPool(size: number): KeySource {
  const keys: Promise<KeyPair>[] = [];
  let next = 0;
  return () => {
    const index = next++ % size;
    keys[index] ??= rsaKeyPair();
    return keys[index];
  };
}

/** forge's own signing step (Certificate.sign) with Node's RSA: the TBSCertificate, then its signature. */
function signCertificate(cert: forge.pki.Certificate, issuerKeyPem: string): void {
  // getTBSCertificate is forge's (Certificate.sign calls it) but not in its type declarations.
  const { getTBSCertificate } = forge.pki as unknown as {
    getTBSCertificate: (c: forge.pki.Certificate) => forge.asn1.Asn1;
  };
  cert.signatureOid = cert.siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption ?? '';
  cert.tbsCertificate = getTBSCertificate(cert);
  const tbs = Buffer.from(forge.asn1.toDer(cert.tbsCertificate).getBytes(), 'binary');
  cert.signature = sign('sha256', tbs, issuerKeyPem).toString('binary');
}

function newCertificate(publicKeyPem: string, commonName: string, years: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`; // positive, 16 bytes
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + years * 365 * 24 * 3600 * 1000);
  // UTF8String, as RFC 5280 asks: forge's default PrintableString may not hold `_`, which every Kafka username
  // has, and Go's crypto/x509 refuses such a certificate (Node, Java and openssl let it pass). forge reads
  // valueTagClass as the value's ASN.1 type, where its type declarations expect a tag class: set it untyped.
  const commonNameField: forge.pki.CertificateField = { name: 'commonName', value: forge.util.encodeUtf8(commonName) };
  cert.setSubject([Object.assign(commonNameField, { valueTagClass: forge.asn1.Type.UTF8 })]);
  return cert;
}

/** node-forge writes CRLF line ends; Aiven's PEMs use LF. */
const toPem = (cert: forge.pki.Certificate): string => forge.pki.certificateToPem(cert).replace(/\r\n/g, '\n');

export async function createCertificateAuthority(project: string): Promise<CertificateAuthority> {
  const keys = await rsaKeyPair();
  const cert = newCertificate(keys.publicKey, `${project} Project CA`, 10);
  cert.setIssuer(cert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  signCertificate(cert, keys.privateKey);
  return { certificatePem: toPem(cert), keyPem: keys.privateKey };
}

export async function issueClientCertificate(
  ca: CertificateAuthority,
  username: string,
  keySource: KeySource = freshKeys,
): Promise<ClientCredentials> {
  const keys = await keySource();
  const caCert = forge.pki.certificateFromPem(ca.certificatePem);
  const cert = newCertificate(keys.publicKey, username, 2);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true },
  ]);
  signCertificate(cert, ca.keyPem);
  return { certificatePem: toPem(cert), keyPem: keys.privateKey, notAfter: cert.validity.notAfter };
}

/**
 * A server certificate from the project CA for the addresses clients dial (IPs and DNS names), as Aiven's services
 * present: what a real PostgreSQL, Valkey or Kafka behind the simulator serves, so clients verify it with AIVEN_CA.
 */
export async function issueServerCertificate(
  ca: CertificateAuthority,
  addresses: readonly string[],
): Promise<{ certificatePem: string; keyPem: string }> {
  const keys = await rsaKeyPair();
  const caCert = forge.pki.certificateFromPem(ca.certificatePem);
  const cert = newCertificate(keys.publicKey, addresses[0] ?? 'localhost', 2);
  cert.setIssuer(caCert.subject.attributes);
  const isIp = (a: string) => /^[\d.]+$|:/.test(a);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: addresses.map((a) => (isIp(a) ? { type: 7, ip: a } : { type: 2, value: a })) },
  ]);
  signCertificate(cert, ca.keyPem);
  return { certificatePem: toPem(cert), keyPem: keys.privateKey };
}

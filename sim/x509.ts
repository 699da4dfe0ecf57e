// Real X.509 for the simulator: a CA per project and Kafka client certificates it signs, so clients are tested
// against certificates that openssl and Java can read. Keys come from Node's native RSA (node-forge's pure-JS key
// generation takes seconds); node-forge builds and signs the certificates.
import { generateKeyPair, randomBytes } from 'node:crypto';
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

async function rsaKeyPair(): Promise<{ publicKey: string; privateKey: string }> {
  return generateRsa('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

function newCertificate(publicKeyPem: string, commonName: string, years: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`; // positive, 16 bytes
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + years * 365 * 24 * 3600 * 1000);
  cert.setSubject([{ name: 'commonName', value: commonName }]);
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
  cert.sign(forge.pki.privateKeyFromPem(keys.privateKey), forge.md.sha256.create());
  return { certificatePem: toPem(cert), keyPem: keys.privateKey };
}

export async function issueClientCertificate(ca: CertificateAuthority, username: string): Promise<ClientCredentials> {
  const keys = await rsaKeyPair();
  const caCert = forge.pki.certificateFromPem(ca.certificatePem);
  const cert = newCertificate(keys.publicKey, username, 2);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', clientAuth: true },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return { certificatePem: toPem(cert), keyPem: keys.privateKey, notAfter: cert.validity.notAfter };
}

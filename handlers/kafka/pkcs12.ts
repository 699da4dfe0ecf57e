// The PKCS#12 (RFC 7292) structure both Kafka stores share, with the cryptography done by Node's OpenSSL: the key
// is encrypted by KeyObject.export (PBES2: PBKDF2-HMAC-SHA-256 and AES-256-CBC, as `openssl pkcs12` writes it
// today), and the MAC key comes from RFC 7292's own key derivation over node:crypto's hash. Only the ASN.1 layout is
// built here, with node-forge's DER writer. Why not node-forge's PKCS#12 code: it runs 3DES and the derivation in
// JavaScript, 12 ms of the event loop per keystore, where this takes about 2 ms (see DESIGN.md).
import { createHmac, hash, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** As OpenSSL 3 writes them; the password is public (apps read it from the secret), so this is compatibility. */
const iterations = 2048;

const { asn1 } = forge;
const { Class, Type } = asn1;
type Asn1 = forge.asn1.Asn1;

const binary = (bytes: Uint8Array): string => Buffer.from(bytes).toString('binary');
const der = (node: Asn1): Buffer => Buffer.from(asn1.toDer(node).getBytes(), 'binary');
/** A structure already in DER (a certificate, an encrypted key), placed as it is. */
export const parsed = (bytes: Uint8Array): Asn1 => asn1.fromDer(binary(bytes));
export const seq = (children: Asn1[]): Asn1 => asn1.create(Class.UNIVERSAL, Type.SEQUENCE, true, children);
const set = (children: Asn1[]): Asn1 => asn1.create(Class.UNIVERSAL, Type.SET, true, children);
export const oid = (dotted: string): Asn1 =>
  asn1.create(Class.UNIVERSAL, Type.OID, false, asn1.oidToDer(dotted).getBytes());
export const octets = (bytes: Uint8Array): Asn1 => asn1.create(Class.UNIVERSAL, Type.OCTETSTRING, false, binary(bytes));
/** forge writes a BMPString's JS string as UTF-16 itself. */
export const bmpString = (text: string): Asn1 => asn1.create(Class.UNIVERSAL, Type.BMPSTRING, false, text);
// [0] EXPLICIT: context-specific tag number 0, which forge names Type.NONE.
const explicit0 = (child: Asn1): Asn1 => asn1.create(Class.CONTEXT_SPECIFIC, Type.NONE, true, [child]);
const integer = (n: number): Asn1 => asn1.create(Class.UNIVERSAL, Type.INTEGER, false, asn1.integerToDer(n).getBytes());
const nullValue = (): Asn1 => asn1.create(Class.UNIVERSAL, Type.NULL, false, '');

export const oids = {
  data: '1.2.840.113549.1.7.1',
  sha256: '2.16.840.1.101.3.4.2.1',
  certBag: '1.2.840.113549.1.12.10.1.3',
  pkcs8ShroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  x509Certificate: '1.2.840.113549.1.9.22.1',
  friendlyName: '1.2.840.113549.1.9.20',
  localKeyId: '1.2.840.113549.1.9.21',
  /** Oracle's trustedKeyUsage: without it Java does not list a certificate-only entry at all. */
  javaTrustedKeyUsage: '2.16.840.1.113894.746875.1.1',
  anyExtendedKeyUsage: '2.5.29.37.0',
};

/** An attribute of a bag: its type and one value. */
export const attribute = (type: string, value: Asn1): Asn1 => seq([oid(type), set([value])]);

/** A SafeBag: what it is, its value, and its attributes. */
export const safeBag = (type: string, value: Asn1, attributes: Asn1[]): Asn1 =>
  seq([oid(type), explicit0(value), set(attributes)]);

export const certificateBag = (certificateDer: Uint8Array, attributes: Asn1[]): Asn1 =>
  safeBag(oids.certBag, seq([oid(oids.x509Certificate), explicit0(octets(certificateDer))]), attributes);

/**
 * RFC 7292 appendix B.2 for a key no longer than one hash (the MAC key: 32 bytes of SHA-256): no library Node can
 * load offers it natively, and forge's runs in JavaScript. v = 64, the block size of SHA-256.
 */
export function pkcs12Kdf(password: string, salt: Buffer, id: number, rounds: number): Buffer {
  const blockBytes = 64;
  const repeat = (bytes: Buffer): Buffer => {
    const out = Buffer.alloc(Math.ceil(bytes.length / blockBytes) * blockBytes);
    for (let i = 0; i < out.length; i++) out[i] = bytes[i % bytes.length] ?? 0;
    return out;
  };
  // The password as a BMPString (big-endian UTF-16) with its two-byte terminator.
  const secret = Buffer.from(`${password}\0`, 'utf16le').swap16();
  let digest = hash('sha256', Buffer.concat([Buffer.alloc(blockBytes, id), repeat(salt), repeat(secret)]), 'buffer');
  for (let round = 1; round < rounds; round++) digest = hash('sha256', digest, 'buffer');
  return digest;
}

/** The PFX: the authenticated safe (plain data content infos around each SafeContents) and its HMAC-SHA-256. */
export function pfx(safeContents: readonly Asn1[], password: string): Buffer {
  const contentInfos = safeContents.map((contents) => seq([oid(oids.data), explicit0(octets(der(contents)))]));
  const authenticatedSafe = der(seq(contentInfos));
  const salt = randomBytes(16);
  const macKey = pkcs12Kdf(password, salt, 3, iterations);
  const mac = createHmac('sha256', macKey).update(authenticatedSafe).digest();
  return der(
    seq([
      integer(3),
      seq([oid(oids.data), explicit0(octets(authenticatedSafe))]),
      seq([seq([seq([oid(oids.sha256), nullValue()]), octets(mac)]), octets(salt), integer(iterations)]),
    ]),
  );
}

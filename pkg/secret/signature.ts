// Signing a managed secret's record: an HMAC-SHA-256, with a key only the controller holds, over every annotation
// aivenator writes (the ledger, the retired users, the token source, the owning app) and the secret's namespace and
// name. A tenant can edit any secret of their namespace; they cannot write a record that verifies, nor move one to
// another secret. Pure (node:crypto's HMAC, compared in constant time).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isOurAnnotation, secretAnnotations } from './labels.ts';
import type { Annotations } from './ledger.ts';

export interface RecordKey {
  /** The key's name in the key ring Secret; the greatest id signs. */
  readonly id: string;
  readonly secret: Buffer;
}

/** Keys shorter than this are refused: an HMAC key should be as long as its output. */
export const minKeyBytes = 32;

/** Where a record lives: part of what is signed, so a record copied to another secret does not verify. */
export interface RecordPlace {
  readonly namespace: string;
  readonly name: string;
}

export type Verification =
  | { readonly kind: 'verified'; readonly keyId: string }
  | { readonly kind: 'unsigned' }
  | { readonly kind: 'invalid'; readonly why: string };

const format = 'v1';

/** Every annotation aivenator writes is signed, except the signature. */
export const isSignedAnnotation = (key: string): boolean => isOurAnnotation(key) && key !== secretAnnotations.signature;

/** The newest key: the one new records are signed with. */
export const signingKey = (keys: readonly RecordKey[]): RecordKey | undefined =>
  keys.reduce<RecordKey | undefined>(
    (newest, key) => (newest === undefined || key.id > newest.id ? key : newest),
    undefined,
  );

function mac(key: RecordKey, place: RecordPlace, annotations: Annotations): Buffer {
  const signed = Object.entries(annotations)
    .filter(([name]) => isSignedAnnotation(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHmac('sha256', key.secret)
    .update(JSON.stringify([format, place.namespace, place.name, signed]))
    .digest();
}

/** The annotations with the signature of `key` over them (replacing any signature they had). */
export function signRecord(key: RecordKey, place: RecordPlace, annotations: Annotations): Record<string, string> {
  const value = `${format}:${key.id}:${mac(key, place, annotations).toString('base64url')}`;
  return { ...annotations, [secretAnnotations.signature]: value };
}

/** Whether one of `keys` signed these annotations at this place. */
export function verifyRecord(keys: readonly RecordKey[], place: RecordPlace, annotations: Annotations): Verification {
  const signature = annotations[secretAnnotations.signature];
  if (signature === undefined) return { kind: 'unsigned' };
  const [version, keyId, encoded, ...rest] = signature.split(':');
  if (version !== format || keyId === undefined || encoded === undefined || rest.length > 0)
    return { kind: 'invalid', why: 'the signature is not in a format aivenator writes' };
  const key = keys.find((candidate) => candidate.id === keyId);
  if (!key) return { kind: 'invalid', why: `the record is signed with key ${keyId}, which is not in the key ring` };
  const given = Buffer.from(encoded, 'base64url');
  const expected = mac(key, place, annotations);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { kind: 'invalid', why: 'the signature does not match the record' };
  return { kind: 'verified', keyId };
}

/** The key ring a Secret's data holds: each key of at least minKeyBytes bytes; the others are named, to be logged. */
export function keyRingOf(data: Readonly<Record<string, string>>): { keys: RecordKey[]; tooShort: string[] } {
  const entries = Object.entries(data).map(([id, base64]) => ({ id, secret: Buffer.from(base64, 'base64') }));
  return {
    keys: entries.filter((key) => key.secret.length >= minKeyBytes),
    tooShort: entries.filter((key) => key.secret.length < minKeyBytes).map((key) => key.id),
  };
}

/** A fresh key, named after its creation time so that a key made later sorts after it (and signs). */
export function newRecordKey(now: Date): RecordKey {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return { id: `k${stamp}`, secret: randomBytes(minKeyBytes) };
}

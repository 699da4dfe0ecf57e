// The spec hash, computed exactly as nais/aivenator does, so that apps it already synchronized are recognised as up
// to date after the switch (as in nais/aivenator): hashstructure v1 over the bytes of Go's json.Marshal(spec).
import type { AivenApplicationSpec } from '../api/aiven-application.ts';

const fnvOffset = 0xcbf29ce484222325n;
const fnvPrime = 0x100000001b3n;
const mask = 0xffffffffffffffffn;

/** FNV-1 (multiply, then xor), 64 bits. */
function fnv1(bytes: Uint8Array): bigint {
  let hash = fnvOffset;
  for (const byte of bytes) hash = ((hash * fnvPrime) & mask) ^ BigInt(byte);
  return hash;
}

function le64(value: bigint): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, value, true);
  return bytes;
}

/** hashstructure v1 of a []byte: each element hashed alone, folded in order as FNV-1(le64(h) ‖ le64(element)). */
function hashstructureBytes(bytes: Uint8Array): bigint {
  let hash = 0n;
  for (const byte of bytes) {
    const element = fnv1(Uint8Array.of(byte));
    const pair = new Uint8Array(16);
    pair.set(le64(hash), 0);
    pair.set(le64(element), 8);
    hash = fnv1(pair);
  }
  return hash;
}

/** JSON.stringify plus the escapes Go's encoder adds (HTML-safe characters and the JS line separators). */
const goEscape = (json: string): string =>
  json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** metav1.Time marshals as RFC 3339 in UTC with whole seconds. */
const goTime = (time: string): string => new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Drops undefined, false and empty strings, as Go's `omitempty` does for these fields. */
function present<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined && v !== false && v !== ''),
  ) as Partial<T>; // fromEntries loses the key types; the entries are T's own, filtered
}

/**
 * Every spec field, and whether the hash covers it. A field added to the CRD (and so to the generated type) fails the
 * type check until it is listed here; hash.test.ts checks, for every field of the CRD's schema down to the leaves,
 * that changing it changes the hash.
 */
export const specFields = {
  secretName: 'hashed',
  protected: 'hashed',
  expiresAt: 'hashed',
  kafka: 'hashed',
  openSearch: 'hashed',
  valkey: 'hashed',
  postgres: 'hashed',
  authSecretRef: 'hashed',
  kubernetes: 'hashed',
} as const satisfies Record<keyof AivenApplicationSpec, 'hashed' | 'excluded'>;

/**
 * The spec as Go's encoder writes it: aivenator's fields in its struct order, then this project's additions (which
 * old objects do not have, so their JSON, and hash, is unchanged). `kafka.pool` is written even when empty.
 */
export function canonicalSpecJson(spec: AivenApplicationSpec): string {
  const { kafka, openSearch, valkey, postgres, authSecretRef, kubernetes } = spec;
  const canonical = present({
    secretName: spec.secretName,
    protected: spec.protected,
    expiresAt: spec.expiresAt === undefined ? undefined : goTime(spec.expiresAt),
    kafka: kafka && { pool: kafka.pool, ...present({ secretName: kafka.secretName, access: kafka.access }) },
    openSearch:
      openSearch &&
      present({ instance: openSearch.instance, access: openSearch.access, secretName: openSearch.secretName }),
    valkey: valkey?.length
      ? valkey.map((v) => present({ instance: v.instance, access: v.access, secretName: v.secretName }))
      : undefined,
    postgres:
      postgres &&
      present({
        instance: postgres.instance,
        database: postgres.database,
        access: postgres.access,
        secretName: postgres.secretName,
      }),
    authSecretRef,
    kubernetes,
  });
  return goEscape(JSON.stringify(canonical));
}

/** Lower-case hex without zero padding (Go's %x), as aivenator stores it in status.synchronizationHash. */
export function specHash(spec: AivenApplicationSpec): string {
  return hashstructureBytes(new TextEncoder().encode(canonicalSpecJson(spec))).toString(16);
}

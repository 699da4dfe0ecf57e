// The spec hash, computed exactly as nais/aivenator does, so that apps it already synchronized are recognised as up
// to date after the switch (as in nais/aivenator): hashstructure v1 over the bytes of Go's json.Marshal(spec).
import type { AivenApplicationSpec } from '../api/aiven-application.ts';

// FNV-1 64 on two unsigned 32-bit halves rather than BigInt: hashstructure runs 17 FNV rounds per byte of the spec,
// and BigInt's allocating arithmetic made the hash 0.3 ms of each synchronization's CPU (make bench's profile).
// Every product below stays under 2^53, so the doubles are exact.
const primeLow = 0x1b3; // the FNV-64 prime is 2^40 + 0x1b3
const twoTo32 = 0x1_0000_0000;

/** A 64-bit FNV state as [high, low] 32-bit halves. */
type Fnv = [number, number];

/** One FNV-1 round: multiply by the prime (mod 2^64), then xor the byte into the low half. */
function fnvRound(state: Fnv, byte: number): void {
  const [high, low] = state;
  const lowProduct = low * primeLow;
  const carry = Math.floor(lowProduct / twoTo32);
  state[0] = (high * primeLow + carry + ((low << 8) >>> 0)) >>> 0; // low·2^40 only reaches the high half
  state[1] = ((lowProduct >>> 0) ^ byte) >>> 0;
}

/** FNV-1 (multiply, then xor) over the eight little-endian bytes of each value in turn. */
function fnv1Words(values: readonly Fnv[]): Fnv {
  const state: Fnv = [0xcbf29ce4, 0x84222325];
  for (const [high, low] of values)
    for (const half of [low, high])
      for (let shift = 0; shift < 32; shift += 8) fnvRound(state, (half >>> shift) & 0xff);
  return state;
}

/** FNV-1 of each single byte value: hashstructure hashes every element of a []byte alone. */
const byteHashes: readonly Fnv[] = Array.from({ length: 256 }, (_, byte) => {
  const state: Fnv = [0xcbf29ce4, 0x84222325];
  fnvRound(state, byte);
  return state;
});

/** hashstructure v1 of a []byte: each element hashed alone, folded in order as FNV-1(le64(h) ‖ le64(element)). */
function hashstructureBytes(bytes: Uint8Array): string {
  let hash: Fnv = [0, 0];
  for (const byte of bytes) hash = fnv1Words([hash, byteHashes[byte] ?? [0, 0]]);
  return ((BigInt(hash[0]) << 32n) | BigInt(hash[1])).toString(16);
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
  return hashstructureBytes(new TextEncoder().encode(canonicalSpecJson(spec)));
}

import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { AivenApplicationSpec } from '../api/aiven-application.ts';
import { canonicalSpecJson, specFields, specHash } from './hash.ts';

interface Schema {
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
}

const crd = parse(
  readFileSync(new URL('../../config/crd/aiven.nais.io_aivenapplications.yaml', import.meta.url), 'utf8'),
) as {
  spec: { versions: { storage: boolean; schema: { openAPIV3Schema: Schema } }[] };
};
const specSchema = crd.spec.versions.find((v) => v.storage)?.schema.openAPIV3Schema.properties?.spec ?? {};

/** A value for every field of the schema, down to the leaves; `variant` 1 differs from 0 at every leaf. */
function sample(schema: Schema, variant: 0 | 1): unknown {
  if (schema.properties)
    return Object.fromEntries(Object.entries(schema.properties).map(([key, sub]) => [key, sample(sub, variant)]));
  if (schema.items) return [sample(schema.items, variant)];
  if (schema.type === 'boolean') return variant === 1;
  if (schema.type === 'integer' || schema.type === 'number') return variant + 1;
  return schema.format === 'date-time' ? `202${String(variant)}-01-01T00:00:00Z` : `value-${String(variant)}`;
}

/** Every path to a leaf of the schema (array items as index 0). */
function leaves(schema: Schema, path: (string | number)[] = []): (string | number)[][] {
  if (schema.properties) return Object.entries(schema.properties).flatMap(([key, sub]) => leaves(sub, [...path, key]));
  if (schema.items) return leaves(schema.items, [...path, 0]);
  return [path];
}

/** `base` with the leaf at `path` taken from `other`. */
function withLeaf(base: unknown, other: unknown, path: readonly (string | number)[]): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return other;
  const copy = (Array.isArray(base) ? [...(base as unknown[])] : { ...(base as object) }) as Record<
    string | number,
    unknown
  >;
  copy[head] = withLeaf(copy[head], (other as Record<string | number, unknown>)[head], rest);
  return copy;
}

describe('specHash', () => {
  test.each([
    { name: 'the empty spec (liberator test vector)', spec: {}, hash: '9265f549ad56469c' },
    {
      name: 'a kafka app (the nais/aivenator test vector)',
      spec: { kafka: { pool: 'dev-nais-dev', secretName: 'my-test-secret' } },
      hash: 'ffbbd7994f2dbd1c',
    },
  ])('matches aivenator for $name', ({ spec, hash }) => {
    expect(specHash(spec as AivenApplicationSpec)).toBe(hash);
  });

  test('agrees with hashstructure written plainly in BigInt, over specs of every byte value', () => {
    const fnv1 = (bytes: Iterable<number>): bigint => {
      let hash = 0xcbf29ce484222325n;
      for (const byte of bytes) hash = ((hash * 0x100000001b3n) & 0xffffffffffffffffn) ^ BigInt(byte);
      return hash;
    };
    const le64 = (value: bigint): Uint8Array => {
      const bytes = new Uint8Array(8);
      new DataView(bytes.buffer).setBigUint64(0, value, true);
      return bytes;
    };
    const reference = (bytes: Uint8Array): string => {
      let hash = 0n;
      for (const byte of bytes) hash = fnv1([...le64(hash), ...le64(fnv1([byte]))]);
      return hash.toString(16);
    };
    const names = Array.from({ length: 64 }, (_, i) =>
      String.fromCodePoint(
        ...Array.from({ length: 1 + (i % 13) }, (_, j) => 0x20 + ((i * 7919 + j * 104729) % 0x7fd0)),
      ),
    );
    for (const secretName of names) {
      const spec: AivenApplicationSpec = { secretName, kafka: { pool: `pool-${secretName}` } };
      expect(specHash(spec)).toBe(reference(new TextEncoder().encode(canonicalSpecJson(spec))));
    }
  });

  test('changes with the spec and only with the spec', () => {
    const spec: AivenApplicationSpec = { kafka: { pool: 'dev-nais-dev', secretName: 'a' } };
    expect(specHash({ kafka: { pool: 'dev-nais-dev', secretName: 'b' } })).not.toBe(specHash(spec));
    expect(specHash({ ...spec })).toBe(specHash(spec));
  });
});

describe('the hash covers the whole spec', () => {
  test('lists exactly the fields of the CRD', () => {
    expect(Object.keys(specFields).sort()).toEqual(Object.keys(specSchema.properties ?? {}).sort());
  });

  const base = sample(specSchema, 0) as AivenApplicationSpec;
  const excluded = new Set<string>(
    Object.entries(specFields as Record<string, 'hashed' | 'excluded'>).flatMap(([field, how]) =>
      how === 'excluded' ? [field] : [],
    ),
  );
  const hashed = leaves(specSchema).filter(([field]) => !excluded.has(String(field)));
  test.each(hashed.map((path) => ({ path: path.join('.'), steps: path })))(
    'changing $path changes the hash',
    ({ steps }) => {
      const changed = withLeaf(base, sample(specSchema, 1), steps) as AivenApplicationSpec;
      expect(specHash(changed)).not.toBe(specHash(base));
    },
  );
});

describe('canonicalSpecJson', () => {
  test.each([
    {
      name: "aivenator's field order, whatever the input order",
      spec: {
        valkey: [{ secretName: 's', access: 'read', instance: 'i' }],
        kafka: { secretName: 'k', pool: 'p' },
        secretName: 'x',
        protected: true,
      },
      json: '{"secretName":"x","protected":true,"kafka":{"pool":"p","secretName":"k"},"valkey":[{"instance":"i","access":"read","secretName":"s"}]}',
    },
    {
      name: 'kafka.pool even when empty, other empties left out',
      spec: { kafka: { pool: '' }, protected: false, secretName: '' },
      json: '{"kafka":{"pool":""}}',
    },
    {
      name: 'expiresAt in UTC with whole seconds',
      spec: { expiresAt: '2026-12-01T08:30:00.750+01:00' },
      json: '{"expiresAt":"2026-12-01T07:30:00Z"}',
    },
    {
      name: 'additions after the original fields',
      spec: { postgres: { instance: 'pg' }, secretName: 's' },
      json: '{"secretName":"s","postgres":{"instance":"pg"}}',
    },
    { name: "Go's HTML escapes", spec: { secretName: 'a<b>&c' }, json: '{"secretName":"a\\u003cb\\u003e\\u0026c"}' },
  ])('writes $name', ({ spec, json }) => {
    expect(canonicalSpecJson(spec as AivenApplicationSpec)).toBe(json);
  });
});

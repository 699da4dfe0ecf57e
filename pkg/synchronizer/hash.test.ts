import { describe, expect, test } from '@jest/globals';
import type { AivenApplicationSpec } from '../api/aiven-application.ts';
import { canonicalSpecJson, specHash } from './hash.ts';

describe('specHash', () => {
  test.each([
    { name: 'the empty spec (liberator test vector)', spec: {}, hash: '9265f549ad56469c' },
    {
      name: 'a kafka app (aivenator-spec.md §2.2 vector)',
      spec: { kafka: { pool: 'dev-nais-dev', secretName: 'my-test-secret' } },
      hash: 'ffbbd7994f2dbd1c',
    },
  ])('matches aivenator for $name', ({ spec, hash }) => {
    expect(specHash(spec as AivenApplicationSpec)).toBe(hash);
  });

  test('changes with the spec and only with the spec', () => {
    const spec: AivenApplicationSpec = { kafka: { pool: 'dev-nais-dev', secretName: 'a' } };
    expect(specHash({ kafka: { pool: 'dev-nais-dev', secretName: 'b' } })).not.toBe(specHash(spec));
    expect(specHash({ ...spec })).toBe(specHash(spec));
  });
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

import { describe, expect, test } from '@jest/globals';
import { deriveV2, versionsOf } from './crd-v2.ts';

describe('the AivenApplication v2 version', () => {
  const versions = versionsOf();
  const v1 = versions.find((v) => v.name === 'v1');
  const v2 = versions.find((v) => v.name === 'v2');

  test('is what hack/crd-v2.ts derives from v1 (paste `node hack/crd-v2.ts` after changing v1)', () => {
    if (!v1) throw new Error('no v1');
    expect(v2).toEqual(deriveV2(v1));
  });

  test('is served, v1 is stored, and each service names its own secret', () => {
    expect(versions.map((v) => [v.name, v.served, v.storage])).toEqual([
      ['v1', true, true],
      ['v2', true, false],
    ]);
    const spec = v2?.schema.openAPIV3Schema.properties?.spec?.properties ?? {};
    expect(spec.secretName).toBeUndefined();
    expect(spec.kafka?.required).toEqual(['pool', 'secretName']);
    expect(spec.valkey?.items?.required).toContain('secretName');
    for (const service of ['openSearch', 'postgres', 'kubernetes'])
      expect(spec[service]?.required).toContain('secretName');
  });
});

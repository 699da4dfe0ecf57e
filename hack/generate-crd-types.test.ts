import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { aivenApplicationResource } from '../pkg/api/aiven-application.ts';
import { crdPath, generatedPath, renderCrdTypes } from './generate-crd-types.ts';

interface CrdHead {
  spec: { group: string; names: { kind: string; plural: string }; versions: { name: string; storage: boolean }[] };
}

describe('the AivenApplication types', () => {
  test('are what the CRD generates (run `npm run generate` after changing the CRD)', async () => {
    expect(readFileSync(generatedPath, 'utf8')).toBe(await renderCrdTypes());
  });

  test('point at the group, version, kind and plural the CRD serves', () => {
    const crd = parse(readFileSync(crdPath, 'utf8')) as CrdHead;
    const storage = crd.spec.versions.find((v) => v.storage);
    expect({
      group: crd.spec.group,
      version: storage?.name,
      plural: crd.spec.names.plural,
      kind: crd.spec.names.kind,
    }).toEqual(aivenApplicationResource);
  });
});

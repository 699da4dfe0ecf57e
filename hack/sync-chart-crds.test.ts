import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { asKeptTemplate, chartCrdDir, crdChartTemplateDir, crdFiles, crdSourceDir } from './sync-chart-crds.ts';

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

describe('the Helm charts (run `npm run generate` after changing a CRD)', () => {
  test('the main chart ships the same CRD files as config/crd', () => {
    expect(crdFiles(chartCrdDir)).toEqual(crdFiles(crdSourceDir));
    for (const file of crdFiles(crdSourceDir)) expect(read(chartCrdDir, file)).toBe(read(crdSourceDir, file));
  });

  test('the CRD chart templates the same CRDs, kept when the release is uninstalled', () => {
    expect(crdFiles(crdChartTemplateDir)).toEqual(crdFiles(crdSourceDir));
    for (const file of crdFiles(crdSourceDir)) {
      const template = read(crdChartTemplateDir, file);
      expect(template).toBe(asKeptTemplate(read(crdSourceDir, file)));
      const { metadata, spec } = parse(template) as { metadata: Record<string, unknown>; spec: unknown };
      expect(metadata).toMatchObject({ annotations: { 'helm.sh/resource-policy': 'keep' } });
      expect(spec).toEqual((parse(read(crdSourceDir, file)) as { spec: unknown }).spec);
    }
  });

  test('refuses a CRD Helm would misread or that has no name first', () => {
    expect(() => asKeptTemplate('metadata:\n  name: a\nspec: {description: "{{ x }}"}\n')).toThrow(/template/);
    expect(() => asKeptTemplate('metadata:\n  labels: {}\n')).toThrow(/name/);
  });
});

import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartCrdDir, crdFiles, crdSourceDir } from './sync-chart-crds.ts';

describe('the Helm chart', () => {
  test('ships the same CRD files as config/crd (run `npm run generate` after changing a CRD)', () => {
    expect(crdFiles(chartCrdDir)).toEqual(crdFiles(crdSourceDir));
    for (const file of crdFiles(crdSourceDir)) {
      expect(readFileSync(join(chartCrdDir, file), 'utf8')).toBe(readFileSync(join(crdSourceDir, file), 'utf8'));
    }
  });
});

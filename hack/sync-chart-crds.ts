// Copies config/crd/ into the Helm chart's crds/ folder, which Helm installs before the templates. The chart must
// carry exactly the CRDs the tests run against; a unit test fails when the copies differ.
import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const crdSourceDir = fileURLToPath(new URL('../config/crd', import.meta.url));
export const chartCrdDir = fileURLToPath(new URL('../charts/aivenator/crds', import.meta.url));

export const crdFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .sort();

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of crdFiles(crdSourceDir)) copyFileSync(join(crdSourceDir, file), join(chartCrdDir, file));
  process.stdout.write(`copied ${crdFiles(crdSourceDir).join(', ')} to ${chartCrdDir}\n`);
}

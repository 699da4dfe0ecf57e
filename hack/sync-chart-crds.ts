// Copies config/crd/ into the Helm charts: the main chart's crds/ folder, which Helm installs on the first install
// and never upgrades, and the aivenator-crds chart's templates/, which Helm upgrades like any template (README,
// "Upgrading"). Both must carry exactly the CRDs the tests run against; a unit test fails when a copy differs.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const crdSourceDir = fileURLToPath(new URL('../config/crd', import.meta.url));
export const chartCrdDir = fileURLToPath(new URL('../charts/aivenator/crds', import.meta.url));
export const crdChartTemplateDir = fileURLToPath(new URL('../charts/aivenator-crds/templates', import.meta.url));

export const crdFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.yaml'))
    .sort();

/**
 * A CRD as the aivenator-crds chart templates it: kept when the release is uninstalled, since deleting a CRD deletes
 * every object of its kind (and the finalizer would then remove every app's Aiven users).
 */
export function asKeptTemplate(crd: string): string {
  const metadata = /^metadata:\n {2}name: [^\n]+\n/m;
  if (!metadata.test(crd)) throw new Error('a CRD must start its metadata with its name');
  if (crd.includes('{{')) throw new Error('a CRD may not contain "{{": Helm would read it as a template');
  return crd.replace(metadata, (head) => `${head}  annotations:\n    helm.sh/resource-policy: keep\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of crdFiles(crdSourceDir)) {
    const crd = readFileSync(join(crdSourceDir, file), 'utf8');
    writeFileSync(join(chartCrdDir, file), crd);
    writeFileSync(join(crdChartTemplateDir, file), asKeptTemplate(crd));
  }
  process.stdout.write(`copied ${crdFiles(crdSourceDir).join(', ')} to ${chartCrdDir} and ${crdChartTemplateDir}\n`);
}

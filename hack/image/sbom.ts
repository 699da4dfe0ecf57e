// `make sbom`: a CycloneDX 1.6 SBOM of what the image holds, dist/image/aivenator-<version>.cdx.json. The npm
// packages the bundle is made of come from cyclonedx-npm (the production dependencies as package-lock.json resolves
// them); to them are added the Node runtime (the binary of the npm package `node`, a development dependency here) and
// the shared libraries the image copies from this machine, as the Debian packages that hold them. `cosign attest
// --type cyclonedx` binds it to the image's digest.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { root } from '../demo-setup.ts';

interface Component {
  readonly type: string;
  readonly name: string;
  readonly version: string;
  readonly purl?: string;
  readonly 'bom-ref'?: string;
}

interface Bom {
  readonly components: Component[];
  readonly [other: string]: unknown;
}

const run = (program: string, args: readonly string[]): string =>
  execFileSync(program, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** The libraries `ldd` lists for the image's Node binary, as build.sh copies them. */
function linkedLibraries(nodeBinary: string): string[] {
  return run('ldd', [nodeBinary])
    .split('\n')
    .flatMap((line) => {
      const path = /=> (\/\S+)/.exec(line)?.[1] ?? /^\s*(\/\S+)/.exec(line)?.[1];
      return path ? [path] : [];
    });
}

/** The Debian package holding a file (dpkg knows it under /usr on a merged-/usr system). */
function debianPackageOf(path: string): Component {
  const candidates = [path, realpathSync(path), `/usr${path}`];
  for (const candidate of candidates) {
    try {
      const name = run('dpkg-query', ['-S', candidate]).split(':')[0] ?? '';
      const version = run('dpkg-query', ['-W', '-f', '${Version}', name]);
      const purl = `pkg:deb/debian/${name}@${encodeURIComponent(version)}?arch=amd64`;
      return { type: 'library', name, version, purl, 'bom-ref': purl };
    } catch {
      // not under this name; try the next
    }
  }
  throw new Error(`no Debian package holds ${path}`);
}

/** The runtime: the npm package `node` whose binary the image carries as /bin/node. */
function nodeRuntime(nodeBinary: string): Component {
  const version = run(nodeBinary, ['--version']).trim().replace(/^v/, '');
  const purl = `pkg:npm/node@${version}`;
  return { type: 'platform', name: 'node', version, purl, 'bom-ref': purl };
}

export function imageSbom(): Bom {
  const dir = mkdtempSync(join(tmpdir(), 'aivenator-sbom-'));
  try {
    const npm = join(dir, 'npm.cdx.json');
    run(join(root, 'node_modules/.bin/cyclonedx-npm'), [
      '--omit',
      'dev',
      '--spec-version',
      '1.6',
      '--output-format',
      'JSON',
      '--output-reproducible',
      '--output-file',
      npm,
    ]);
    const bom = JSON.parse(readFileSync(npm, 'utf8')) as Bom;
    const nodeBinary = realpathSync(join(root, 'node_modules/node/bin/node'));
    const libraries = linkedLibraries(nodeBinary).map(debianPackageOf);
    const unique = [...new Map(libraries.map((c) => [c.purl, c])).values()];
    return { ...bom, components: [...bom.components, nodeRuntime(nodeBinary), ...unique] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const out = join(root, `dist/image/aivenator-${version}.cdx.json`);
  writeFileSync(out, `${JSON.stringify(imageSbom(), null, 2)}\n`);
  process.stdout.write(`${out}\n`);
}

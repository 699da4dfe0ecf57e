// `make build`: the controller as one minified ES module, dist/aivenator.js, which the image ships and `make bench`
// measures. One file, not 1,800 modules: the controller idles at about 110 MB instead of 166 (Node keeps every
// module's source and records), and starts faster. Node's own modules stay outside; CommonJS dependencies get a
// `require` from the banner.
import { build } from 'esbuild';
import { join } from 'node:path';
import { root } from './demo-setup.ts';

export const bundlePath = join(root, 'dist/aivenator.js');

export async function buildBundle(outfile = bundlePath): Promise<string> {
  await build({
    entryPoints: [join(root, 'pkg/main.ts')],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    // Names stay readable in stack traces and logs (error classes are logged by name).
    keepNames: true,
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) process.stdout.write(`${await buildBundle()}\n`);

// `make release`: the charts, the image archive and its SBOM in one folder, with checksums and cosign signatures that
// verify with the public key beside them, and fail for a file changed after signing. Offline: no transparency log.
import { beforeAll, describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { signingTools } from '../hack/image/tools.ts';
import { helm } from './support/chart.ts';
import { testScratchDir } from './support/cluster.ts';

const execute = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

describe('make release', () => {
  const dir = mkdtempSync(join(testScratchDir(), 'release-'));
  const out = join(dir, 'out');
  // cosign keeps its state under HOME; the tools stay where the cache is. An empty password, as CI would use a secret.
  const cache = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  const env = { ...process.env, HOME: dir, XDG_CACHE_HOME: cache, COSIGN_PASSWORD: '' };
  const { cosign } = signingTools;
  const verifyBlob = (file: string, signature = `${file}.sig`) =>
    execute(
      cosign,
      ['verify-blob', '--key', join(out, 'cosign.pub'), '--signature', signature, '--insecure-ignore-tlog=true', file],
      { env },
    );

  beforeAll(async () => {
    await execute(cosign, ['generate-key-pair'], { cwd: dir, env });
    await execute('bash', [join(root, 'hack/release.sh')], {
      cwd: root,
      env: { ...env, COSIGN_KEY: join(dir, 'cosign.key'), RELEASE_TLOG: 'false', RELEASE_DIR: out },
    });
  });

  test('puts the charts, the image archive, its SBOM, checksums and signatures in one folder', async () => {
    const artifacts = [
      `aivenator-${version}.tgz`,
      `aivenator-crds-${version}.tgz`,
      `aivenator-${version}.oci.tar`,
      `aivenator-${version}.cdx.json`,
      'SHA256SUMS',
    ];
    expect(readdirSync(out).sort()).toEqual([...artifacts, ...artifacts.map((a) => `${a}.sig`), 'cosign.pub'].sort());
    await execute('sha256sum', ['--check', '--strict', 'SHA256SUMS'], { cwd: out });
    for (const artifact of artifacts) await verifyBlob(join(out, artifact));
    expect(helm(['show', 'chart', join(out, `aivenator-${version}.tgz`)])).toMatch(
      new RegExp(`^version: ${version}$`, 'm'),
    );
    expect(helm(['show', 'crds', join(out, `aivenator-${version}.tgz`)])).toMatch(
      /name: aivenapplications\.aiven\.nais\.io/,
    );
  });

  test('a file changed after signing does not verify', async () => {
    const chart = join(out, `aivenator-${version}.tgz`);
    const changed = join(dir, 'changed.tgz');
    copyFileSync(chart, changed);
    writeFileSync(changed, Buffer.concat([readFileSync(changed), Buffer.from('\n')]));
    await expect(verifyBlob(changed, `${chart}.sig`)).rejects.toThrow(/invalid signature|failed to verify/i);
  });

  test('refuses to release unsigned', async () => {
    const unsigned = { ...env, COSIGN_KEY: '', RELEASE_DIR: join(dir, 'unsigned') };
    await expect(execute('bash', [join(root, 'hack/release.sh')], { cwd: root, env: unsigned })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/set COSIGN_KEY/) as unknown,
    });
  });
});

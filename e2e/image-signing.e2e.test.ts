// The image signed and attested the way nais/aivenator's users verify its releases, offline: pushed to a registry on
// loopback, signed with a key and given its CycloneDX SBOM as an attestation by cosign; `cosign verify` and `cosign
// verify-attestation --type cyclonedx` pass for it, and fail for the same tag once someone pushes another image.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { signingTools } from '../hack/image/tools.ts';
import { waitFor } from '../testenv/wait.ts';
import { testScratchDir } from './support/cluster.ts';

const execute = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const archive = join(root, `dist/image/aivenator-${version}.oci.tar`);
const sbom = join(root, `dist/image/aivenator-${version}.cdx.json`);

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  });

describe('the signed image', () => {
  const dir = mkdtempSync(join(testScratchDir(), 'signing-'));
  // cosign keeps its state under HOME; an empty password, as CI would use a secret for it.
  const env = { ...process.env, HOME: dir, COSIGN_PASSWORD: '' };
  const run = (program: string, args: string[]) => execute(program, args, { cwd: dir, env });
  const { cosign, crane, registry } = signingTools;
  let server: ChildProcess | undefined;
  let repository = '';

  beforeAll(async () => {
    for (const path of [archive, sbom, cosign, crane, registry])
      if (!existsSync(path)) throw new Error(`${path} is missing: run make image sbom signing (make test does)`);
    const port = await freePort();
    server = spawn(registry, ['-port', String(port)], { stdio: 'ignore' });
    repository = `127.0.0.1:${String(port)}/aivenator`;
    await waitFor('the registry', () => run(crane, ['catalog', `127.0.0.1:${String(port)}`, '--insecure']), {
      timeoutMs: 10_000,
      intervalMs: 100,
    });
  });
  afterAll(() => {
    server?.kill();
  });

  test('verifies with its key and its CycloneDX attestation, and a tag someone pushed over does not', async () => {
    mkdirSync(join(dir, 'layout'));
    await run('tar', ['-xf', archive, '-C', join(dir, 'layout')]);
    await run(crane, ['push', join(dir, 'layout'), `${repository}:${version}`, '--insecure']);
    const image = (await run(crane, ['digest', '--full-ref', `${repository}:${version}`, '--insecure'])).stdout.trim();
    await run(cosign, ['generate-key-pair']);
    const offline = ['--tlog-upload=false', '--allow-insecure-registry', '--yes'];
    await run(cosign, ['sign', '--key', 'cosign.key', ...offline, image]);
    await run(cosign, ['attest', '--key', 'cosign.key', '--type', 'cyclonedx', '--predicate', sbom, ...offline, image]);

    // What a user runs (README, "The image"), here without the transparency log.
    const verifying = ['--key', 'cosign.pub', '--insecure-ignore-tlog=true', '--allow-insecure-registry'];
    const verified = JSON.parse((await run(cosign, ['verify', ...verifying, image])).stdout) as unknown[];
    expect(verified).toHaveLength(1);
    const attested = await run(cosign, ['verify-attestation', ...verifying, '--type', 'cyclonedx', image]);
    const envelope = JSON.parse(attested.stdout.trim().split('\n')[0] ?? '{}') as { payload: string };
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString()) as {
      predicateType: string;
      predicate: { components: { name: string }[] };
    };
    expect(statement.predicateType).toBe('https://cyclonedx.org/bom');
    expect(statement.predicate.components.map((c) => c.name)).toEqual(
      expect.arrayContaining(['client-node', 'node', 'libc6']),
    );

    // Another image under the same tag: nothing verifies it.
    await run(crane, ['mutate', `${repository}:${version}`, '--label', 'tampered=yes', '--insecure']);
    await expect(run(cosign, ['verify', ...verifying, `${repository}:${version}`])).rejects.toThrow(
      /no signatures found/,
    );
    await expect(
      run(cosign, ['verify-attestation', ...verifying, '--type', 'cyclonedx', `${repository}:${version}`]),
    ).rejects.toThrow(/no matching attestations|no signatures found/);
  }, 120_000);
});

// The simulator's certificates as Go clients read them: crypto/x509 refuses what Node, Java and openssl let pass (a
// PrintableString holding `_`, which every Kafka username has), so a strict parser, built from sim/x509check, reads
// the project CA and client certificates for usernames the controller makes.
import { describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createCertificateAuthority, issueClientCertificate } from '../sim/x509.ts';
import { testScratchDir } from './support/cluster.ts';

const run = promisify(execFile);
const checker = new URL('../sim/x509check/', import.meta.url).pathname;

describe("the simulator's certificates", () => {
  test("are read and verified by Go's crypto/x509, for usernames with `_` and `-`", async () => {
    const dir = mkdtempSync(join(testScratchDir(), 'x509check-'));
    const binary = join(dir, 'x509check');
    await run('go', ['build', '-o', binary, '.'], { cwd: checker, env: { ...process.env, GOFLAGS: '-mod=mod' } });
    const ca = await createCertificateAuthority('dev-nais-dev');
    writeFileSync(join(dir, 'ca.pem'), ca.certificatePem);
    const users = ['team-a_my-app_1a2b3c4d_P16', 'shop_orders_0123abcd_abc'];
    const paths = await Promise.all(
      users.map(async (user, i) => {
        const path = join(dir, `client-${String(i)}.pem`);
        writeFileSync(path, (await issueClientCertificate(ca, user)).certificatePem);
        return path;
      }),
    );
    const { stdout } = await run(binary, [join(dir, 'ca.pem'), ...paths]);
    expect(stdout.trim().split('\n')).toEqual(users.map((user) => `verified CN=${user}`));
    // The checker fails what it should: a certificate another CA signed.
    const other = await issueClientCertificate(await createCertificateAuthority('other'), users[0] ?? '');
    writeFileSync(join(dir, 'other.pem'), other.certificatePem);
    await expect(run(binary, [join(dir, 'ca.pem'), join(dir, 'other.pem')])).rejects.toThrow(/unknown authority/);
  }, 120_000);
});

// The process's own flags, run as a user runs it: --help and --version answer and exit 0; a bad flag says what is
// wrong in one line and exits 2.
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const main = fileURLToPath(new URL('../pkg/main.ts', import.meta.url));
const packageVersion = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
const run = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 30_000 });

describe('the command line', () => {
  test('--help lists every setting once, with its environment variable, and exits 0', () => {
    const { status, stdout } = run('--help');
    expect(status).toBe(0);
    expect(stdout.match(/--log-format/g)).toHaveLength(1);
    expect(stdout).toContain('--leader-elect[=true|false]  (AIVENATOR_LEADER_ELECT)');
    expect(stdout).toContain('--drift-period=<value>  (AIVENATOR_DRIFT_PERIOD)');
  });

  test('--version prints the version from package.json and exits 0', () => {
    const { status, stdout } = run('--version');
    expect(status).toBe(0);
    expect(stdout).toBe(`aivenator ${packageVersion}\n`);
  });

  test.each(['aivenator', 'aivenator-crds'])(
    "the %s chart's version and appVersion are package.json's (the image is tagged with it too)",
    (chartName) => {
      const chart = parse(readFileSync(new URL(`../charts/${chartName}/Chart.yaml`, import.meta.url), 'utf8')) as {
        version: string;
        appVersion: string;
      };
      expect([chart.version, chart.appVersion]).toEqual([packageVersion, packageVersion]);
    },
  );

  test("the license package.json names is the LICENSE file's", () => {
    const license = (
      JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { license: string }
    ).license;
    expect(license).toBe('MIT');
    expect(readFileSync(new URL('../LICENSE', import.meta.url), 'utf8')).toMatch(/^MIT License\n/);
  });

  test('an unknown flag is one line, pointing at --help, and exit 2', () => {
    const { status, stderr } = run('--log-fromat=text');
    expect(status).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain("'--log-fromat'");
    expect(stderr).toContain('see --help');
  });
});

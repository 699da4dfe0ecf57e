// Type-check, lint and format run inside the test run, so their result is counted with every other test and a
// failure shows the tool's own output.
import { describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

async function check(tool: string, args: string[]): Promise<string> {
  try {
    await run(`${root}node_modules/.bin/${tool}`, args, { cwd: root, maxBuffer: 16 * 1024 * 1024 });
    return '';
  } catch (err) {
    const { stdout = '', stderr = '' } = err as { stdout?: string; stderr?: string };
    return `${stdout}${stderr}`.trim() || String(err);
  }
}

describe('static checks', () => {
  test.each([
    { name: 'the type-check (tsc --noEmit)', tool: 'tsc', args: ['--noEmit'] },
    { name: 'type-aware lint (eslint)', tool: 'eslint', args: ['.'] },
    { name: 'formatting (prettier --check)', tool: 'prettier', args: ['--check', '--log-level=warn', '.'] },
  ])(
    '$name passes',
    async ({ tool, args }) => {
      expect(await check(tool, args)).toBe('');
    },
    180_000,
  );
});

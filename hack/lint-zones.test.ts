// The import zones of eslint.config.js, each shown to refuse a violation (and to let a lawful import through), so
// the architecture cannot drift while the linter stays green.
import { describe, expect, test } from '@jest/globals';
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The rules an import of `from` in `file` breaks, the file's own content replaced by that one import. */
async function rulesBroken(file: string, from: string): Promise<(string | null)[]> {
  const [result] = await eslint.lintText(`export * from '${from}';\n`, { filePath: join(root, file) });
  return (result?.messages ?? []).map((message) => message.ruleId);
}

describe('import zones', () => {
  test.each([
    {
      name: 'the synchronizer importing the finalizer',
      file: 'pkg/synchronizer/run.ts',
      from: '../finalizer/reconciler.ts',
    },
    { name: 'the finalizer importing the janitor', file: 'pkg/finalizer/metrics.ts', from: '../janitor/plan.ts' },
    { name: 'the janitor importing the synchronizer', file: 'pkg/janitor/plan.ts', from: '../synchronizer/plan.ts' },
    { name: 'the runtime importing the Aiven client', file: 'pkg/runtime/clock.ts', from: '../aiven/client.ts' },
    { name: 'the runtime importing the managed secret', file: 'pkg/runtime/clock.ts', from: '../secret/labels.ts' },
    { name: 'pkg importing the control-plane launcher', file: 'pkg/main.ts', from: '../testenv/wait.ts' },
    { name: 'pkg importing the simulator', file: 'pkg/main.ts', from: '../sim/x509.ts' },
    { name: 'pkg importing a test helper', file: 'pkg/main.ts', from: '../e2e/support/expected.ts' },
    { name: 'a handler importing a tool', file: 'handlers/kafka/apply.ts', from: '../../hack/demo-setup.ts' },
    {
      name: 'a controller importing a handler',
      file: 'pkg/synchronizer/run.ts',
      from: '../../handlers/kafka/index.ts',
    },
    { name: 'hack importing a test helper', file: 'hack/demo.ts', from: '../e2e/support/expected.ts' },
    { name: 'the simulator importing a test helper', file: 'sim/main.ts', from: '../e2e/support/expected.ts' },
  ])(
    'refuse $name',
    async ({ file, from }) => {
      expect(await rulesBroken(file, from)).toContain('import-x/no-restricted-paths');
    },
    120_000,
  );

  test.each([
    {
      name: 'the synchronizer importing the managed secret',
      file: 'pkg/synchronizer/run.ts',
      from: '../secret/labels.ts',
    },
    { name: 'the registry importing a handler', file: 'pkg/wiring/registry.ts', from: '../../handlers/kafka/index.ts' },
    { name: 'hack importing the control-plane launcher', file: 'hack/demo.ts', from: '../testenv/wait.ts' },
    {
      name: 'a test beside production code importing the simulator',
      file: 'handlers/kafka/keystore.test.ts',
      from: '../../sim/x509.ts',
    },
  ])(
    'allow $name',
    async ({ file, from }) => {
      expect(await rulesBroken(file, from)).not.toContain('import-x/no-restricted-paths');
    },
    120_000,
  );
});

// The document is the contract: the committed types must be what it generates, and every operation in it must be
// served by the simulator and used by the client (no half-implemented operation on either side).
import { describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { createOperations } from './operations.ts';
import type { SimState } from './state.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const clientDir = join(root, 'pkg/aiven');
const documentPath = join(clientDir, 'openapi.yaml');

function operationIds(): string[] {
  const document = parse(readFileSync(documentPath, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  return Object.values(document.paths)
    .flatMap((item) => Object.values(item))
    .flatMap((operation) =>
      typeof operation === 'object' && operation !== null && 'operationId' in operation
        ? [String(operation.operationId)]
        : [],
    )
    .sort();
}

describe('the Aiven contract (pkg/aiven/openapi.yaml)', () => {
  test('generates the committed types (run `npm run generate` after changing it)', async () => {
    const check = promisify(execFile)(
      `${root}node_modules/.bin/openapi-typescript`,
      [documentPath, '-o', join(clientDir, 'generated/schema.d.ts'), '--check'],
      { cwd: root },
    );
    await expect(check).resolves.toBeDefined();
  }, 60_000);

  test('is served operation by operation by the simulator', () => {
    expect(Object.keys(createOperations({} as SimState)).sort()).toEqual(operationIds());
  });

  test('is used operation by operation by the client', () => {
    const sources = readdirSync(clientDir)
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .map((file) => readFileSync(join(clientDir, file), 'utf8'))
      .join('\n');
    const called = [...sources.matchAll(/caller\.call\('(\w+)'/g)].map((m) => m[1]);
    expect([...new Set(called)].sort()).toEqual(operationIds());
  });
});

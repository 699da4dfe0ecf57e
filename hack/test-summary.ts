// Prints the run's totals as one plain line, `N passed, N failed[, N skipped]`, from jest's JSON results (CI reads
// only this line). A suite that could not run counts as a failure: its tests never reached the totals.
import { existsSync, readFileSync } from 'node:fs';

interface JestResults {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numRuntimeErrorTestSuites: number;
}

const path = process.argv[2] ?? '.test-results/jest.json';
if (!existsSync(path)) {
  process.stdout.write(`no jest results at ${path}: the run stopped before jest wrote them (see above)\n`);
  process.stdout.write('0 passed, 0 failed\n');
  process.exit(1);
}
const results = JSON.parse(readFileSync(path, 'utf8')) as JestResults;
const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
const skipped = results.numPendingTests + results.numTodoTests;
const line = `${String(results.numPassedTests)} passed, ${String(failed)} failed`;
process.stdout.write(`${skipped > 0 ? `${line}, ${String(skipped)} skipped` : line}\n`);
process.exit(failed > 0 ? 1 : 0);

import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { waitFor } from './wait.ts';

/** A TypeScript entry point of this project (the controller, the demo) run by our Node 24 as its own process. */
export interface NodeScript {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  readonly exited: Promise<number | null>;
  /** Waits until `find` returns something for the output so far; gives up at once if the process exits. */
  waitForOutput<T>(what: string, find: (output: string) => T | undefined, timeoutMs: number): Promise<T>;
}

/** `env` is added to this process's environment. */
export function startNodeScript(
  script: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): NodeScript {
  return startProcess(process.execPath, [script, ...args], { ...process.env, ...env });
}

/** Any program, with exactly the environment given (the image test runs the controller with the image's own). */
export function startProcess(
  program: string,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): NodeScript {
  const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', resolve);
  });
  return {
    child,
    output: () => output,
    exited,
    waitForOutput: (what, find, timeoutMs) =>
      waitFor(what, () => Promise.resolve(find(output)), {
        timeoutMs,
        abortIf: () => (child.exitCode === null ? null : `it exited (${String(child.exitCode)}):\n${output}`),
      }),
  };
}

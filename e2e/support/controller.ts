import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait.ts';

const mainScript = fileURLToPath(new URL('../../pkg/main.ts', import.meta.url));

/** The controller as its own process (as it runs in a pod), with its JSON log lines collected. */
export interface ControllerProcess {
  readonly logLines: () => Record<string, unknown>[];
  waitForLog(message: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export function startController(args: readonly string[]): ControllerProcess {
  const child = spawn(process.execPath, [mainScript, '--log-format=json', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', resolve);
  });
  const logLines = () =>
    stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    logLines,
    waitForLog: (message, timeoutMs = 20_000) =>
      waitFor(
        `the controller to log "${message}"`,
        () => Promise.resolve(logLines().find((l) => l.message === message)),
        {
          timeoutMs,
          abortIf: () =>
            child.exitCode === null ? null : `the controller exited (${String(child.exitCode)}):\n${stderr}`,
        },
      ),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

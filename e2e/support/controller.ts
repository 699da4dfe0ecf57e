import { fileURLToPath } from 'node:url';
import { startNodeScript, type NodeScript } from '../../testenv/node-script.ts';

const mainScript = fileURLToPath(new URL('../../pkg/main.ts', import.meta.url));

/** The controller as its own process (as it runs in a pod), with its JSON log lines collected. */
export interface ControllerProcess {
  readonly logLines: () => Record<string, unknown>[];
  /** Everything it wrote, as written. */
  readonly output: () => string;
  waitForLog(message: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  /** Sends `signal` without waiting. */
  kill(signal: NodeJS.Signals): void;
  readonly exited: Promise<number | null>;
}

const parseLogLines = (output: string): Record<string, unknown>[] =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/**
 * Starts a controller confined to `namespace`: test files run side by side on one cluster, and a controller that
 * watched every namespace would act on other tests' objects. A free port for its HTTP endpoints, for the same reason.
 * Its own namespace is the test's too (unless `args` say otherwise), so each test has its own record key ring.
 */
export function startController(
  namespace: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
  entryPoint = mainScript,
): ControllerProcess {
  const script = startNodeScript(
    entryPoint,
    [
      '--log-format=json',
      // On a free port, unless the test chooses (nais/aivenator's --metrics-address is the same setting).
      ...(args.some((arg) => /^--(http|metrics)-address\b/.test(arg)) ? [] : ['--http-address=127.0.0.1:0']),
      `--watch-namespace=${namespace}`,
      `--controller-namespace=${namespace}`,
      ...args,
    ],
    env,
  );
  return controllerProcess(script);
}

/** A started controller process, seen through its JSON log lines. */
export function controllerProcess(script: NodeScript): ControllerProcess {
  return {
    logLines: () => parseLogLines(script.output()),
    output: () => script.output(),
    waitForLog: (message, timeoutMs = 20_000) =>
      script.waitForOutput(
        `the controller to log "${message}"`,
        (output) => parseLogLines(output).find((line) => line.message === message),
        timeoutMs,
      ),
    stop: async () => {
      if (script.child.exitCode === null) script.child.kill('SIGTERM');
      return script.exited;
    },
    kill: (signal) => {
      script.child.kill(signal);
    },
    exited: script.exited,
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const reaperScript = fileURLToPath(new URL('./reaper.ts', import.meta.url));

/** The parent's end of a reaper process (see reaper.ts): what it registers is torn down when it is released. */
export interface Reaper {
  adopt(pid: number): void;
  removeLater(dir: string): void;
  /** Tears down everything registered, in reverse order, and resolves once the reaper has finished. */
  release(): Promise<void>;
}

export function startReaper(): Reaper {
  // Detached: its own process group, so a signal sent to ours (Ctrl-C, kill -- -pgid) does not take it down early.
  const child = spawn(process.execPath, [reaperScript], { stdio: ['pipe', 'ignore', 'inherit'], detached: true });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  // Neither the process nor its pipe keeps our event loop alive: a run that forgets to release still exits, and
  // its exit closes the pipe, which is the reaper's cue.
  child.unref();
  const stdin = child.stdin;
  (stdin as unknown as { unref(): void }).unref(); // a pipe is a net.Socket, which the Writable type hides
  return {
    adopt: (pid) => {
      stdin.write(`pid ${String(pid)}\n`);
    },
    removeLater: (dir) => {
      stdin.write(`dir ${dir}\n`);
    },
    release: async () => {
      child.ref(); // now we do want to wait for it
      stdin.end();
      await exited;
    },
  };
}

/** A control-plane process whose output goes to a log file, so a failed start can show what it said. */
export interface LoggedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly logFile: string;
  /** Non-null once the process has exited. */
  exitDescription(): string | null;
  logTail(lines?: number): string;
}

export interface ProcessSpec {
  readonly name: string;
  readonly binary: string;
  readonly args: readonly string[];
  readonly logFile: string;
}

export function spawnLogged({ name, binary, args, logFile }: ProcessSpec, reaper: Reaper): LoggedProcess {
  const fd = openSync(logFile, 'a');
  // Detached for the same reason as the reaper: only the reaper decides when and in what order these stop.
  const child = spawn(binary, [...args], { stdio: ['ignore', fd, fd], detached: true });
  closeSync(fd);
  child.unref();
  if (child.pid === undefined) throw new Error(`${name} did not start (${binary})`);
  reaper.adopt(child.pid);
  let exit: string | null = null;
  child.once('exit', (code, signal) => (exit = signal ? `killed by ${signal}` : `exited with code ${String(code)}`));
  child.once('error', (err) => (exit = `failed to start: ${err.message}`));
  return {
    name,
    child,
    logFile,
    exitDescription: () => exit,
    logTail: (lines = 30) => readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n'),
  };
}

// The reaper: a small process that outlives whoever started a control plane. It reads `pid N` and `dir PATH` lines
// on stdin; when stdin closes it stops the pids in reverse order (SIGTERM, then SIGKILL after a grace period) and
// removes the directories. A clean stop, a failed test run, Ctrl-C and a SIGKILL of the parent all close stdin, so
// every way a run can end goes through this one teardown. Run as `node testenv/reaper.ts`.
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

const gracePeriodMs = 10_000;
const pollMs = 50;

const pids: number[] = [];
const dirs: string[] = [];

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone: nothing to stop.
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(pollMs);
  }
  return true;
}

async function stop(pid: number): Promise<void> {
  signal(pid, 'SIGTERM');
  if (await waitForExit(pid, gracePeriodMs)) return;
  signal(pid, 'SIGKILL');
  await waitForExit(pid, gracePeriodMs);
}

let tornDown = false;
async function tearDown(): Promise<void> {
  if (tornDown) return;
  tornDown = true;
  for (const pid of pids.reverse()) await stop(pid);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

function register(line: string): void {
  const [verb, ...rest] = line.split(' ');
  const argument = rest.join(' ');
  if (verb === 'pid' && /^\d+$/.test(argument)) pids.push(Number(argument));
  else if (verb === 'dir' && argument.startsWith('/')) dirs.push(argument);
}

// Ctrl-C reaches the whole foreground process group; the reaper must live on to clean up after the others.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => void tearDown());
createInterface({ input: process.stdin })
  .on('line', register)
  .on('close', () => void tearDown());

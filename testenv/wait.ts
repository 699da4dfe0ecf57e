import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Checked before each attempt: a reason to give up at once, such as the process being waited on having died. */
  readonly abortIf?: () => string | null;
}

/** Polls `check` until it returns a value other than undefined; errors thrown by `check` count as "not yet". */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    const reason = options.abortIf?.();
    if (reason) throw new Error(`gave up waiting for ${what}: ${reason}`);
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${String(options.timeoutMs)} ms waiting for ${what}${cause}`);
    }
    await sleep(options.intervalMs ?? 100);
  }
}

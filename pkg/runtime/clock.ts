/** A scheduled call that can be called off. */
export interface Timer {
  cancel(): void;
}

/** Time comes in through this, reading it and waiting on it, so tests can move it (see manual-clock.ts). */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` once `delayMs` has passed; a pending timer never keeps the process alive. */
  setTimer(callback: () => void, delayMs: number): Timer;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (callback, delayMs) => {
    const timer = setTimeout(callback, delayMs);
    timer.unref();
    return {
      cancel: () => {
        clearTimeout(timer);
      },
    };
  },
};

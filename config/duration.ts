// Durations as settings take them.
import { z } from 'zod';

const units = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/** `500ms`, `15s`, `2m`, `1h`, or Go's form (`1h30m`, `1h0m0s`, as nais/aivenator took them), as milliseconds. */
export const duration = (fallback: string) =>
  z
    .string()
    .regex(/^(\d+(ms|s|m|h))+$/, 'expected a duration such as 500ms, 15s, 2m, 1h or 1h30m')
    .default(fallback)
    .transform((text) =>
      [...text.matchAll(/(\d+)(ms|s|m|h)/g)].reduce(
        (total, [, amount = '0', unit = 'ms']) => total + Number(amount) * units[unit as keyof typeof units],
        0,
      ),
    );

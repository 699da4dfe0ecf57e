// Fault injection: rules set at start or at run time (PUT /_sim/faults), matched per request by operationId and
// method. Latency adds up; of the other kinds at most one applies to a request.
import { z } from 'zod';

export const faultRuleSchema = z.object({
  kind: z.enum(['status', 'hang', 'reset', 'latency', 'lost-after-commit']),
  /** Aiven operationId; every operation when absent. */
  operation: z.string().optional(),
  method: z.string().optional(),
  /** For `status`: the HTTP status to answer with. */
  status: z.number().int().min(400).max(599).default(503),
  /** For `status` 429 and 503: the Retry-After header, in seconds. */
  retryAfterSeconds: z.number().int().min(0).optional(),
  /** For `latency`: added delay; for `hang`: how long before the connection is dropped without an answer. */
  delayMs: z.number().int().min(0).default(60_000),
  /** Applies to this many matching requests, then retires; unlimited when absent. */
  times: z.number().int().min(1).optional(),
  /** Chance per matching request. */
  rate: z.number().min(0).max(1).default(1),
});

export type FaultRule = z.output<typeof faultRuleSchema>;
export type FaultRuleInput = z.input<typeof faultRuleSchema>;

export interface FaultDecision {
  readonly latencyMs: number;
  readonly terminal?: FaultRule;
}

const matches = (rule: FaultRule, operation: string, method: string): boolean =>
  (!rule.operation || rule.operation === operation) &&
  (!rule.method || rule.method.toUpperCase() === method.toUpperCase());

export class FaultInjector {
  #rules: { rule: FaultRule; remaining: number }[] = [];
  readonly #random: () => number;

  constructor(rules: readonly FaultRuleInput[] = [], random: () => number = Math.random) {
    this.#random = random;
    this.set(rules);
  }

  /** Replaces every rule. */
  set(rules: readonly FaultRuleInput[]): void {
    this.#rules = rules.map((input) => {
      const rule = faultRuleSchema.parse(input);
      return { rule, remaining: rule.times ?? Number.POSITIVE_INFINITY };
    });
  }

  list(): FaultRule[] {
    return this.#rules.filter((r) => r.remaining > 0).map((r) => r.rule);
  }

  decide(operation: string, method: string): FaultDecision {
    let latencyMs = 0;
    let terminal: FaultRule | undefined;
    for (const entry of this.#rules) {
      const { rule } = entry;
      if (entry.remaining <= 0 || !matches(rule, operation, method)) continue;
      if ((rule.kind !== 'latency' && terminal) || this.#random() >= rule.rate) continue;
      entry.remaining--;
      if (rule.kind === 'latency') latencyMs += rule.delayMs;
      else terminal = rule;
    }
    return terminal ? { latencyMs, terminal } : { latencyMs };
  }
}

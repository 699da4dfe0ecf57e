// aivenator_secrets_managed: the managed secrets as the last pass over each namespace left them, summed over
// namespaces at scrape time (a namespace with none left drops out). Deleted secrets are not counted: they are gone;
// `unused` is what is still there (a dry run, or a deletion that failed). Deletions are counted by outcome.
import { Counter, Gauge, type Registry } from 'prom-client';
import { secretStates, type SecretState } from './plan.ts';

/** nais/aivenator's label values (its dashboard queries them), and `unused`, which it did not report. */
const stateLabels: Readonly<Record<SecretState, string>> = {
  in_use: 'in_use',
  unused: 'unused',
  protected: 'protected',
  protected_with_time_limit: 'protected-with-time-limit',
};

export type DeletionResult = 'deleted' | 'dry_run' | 'changed' | 'failed';

export class JanitorMetrics {
  readonly #byNamespace = new Map<string, Readonly<Record<SecretState, number>>>();
  readonly #deletions: Counter<'result'>;

  constructor(registry: Registry) {
    const byNamespace = this.#byNamespace;
    new Gauge({
      name: 'aivenator_secrets_managed',
      help: 'Managed secrets by what the janitor found at its last pass: in_use, unused, protected, protected-with-time-limit',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        for (const state of secretStates) {
          let total = 0;
          for (const counts of byNamespace.values()) total += counts[state];
          this.set({ state: stateLabels[state] }, total);
        }
      },
    });
    this.#deletions = new Counter({
      name: 'aivenator_janitor_deletions_total',
      help: 'Unused secrets the janitor deleted (deleted), would have deleted (dry_run), left because they changed since it looked (changed), or failed to delete (failed)',
      labelNames: ['result'],
      registers: [registry],
    });
  }

  passed(namespace: string, counts: Readonly<Record<SecretState, number>>): void {
    if (Object.values(counts).every((n) => n === 0)) this.#byNamespace.delete(namespace);
    else this.#byNamespace.set(namespace, counts);
  }

  deletion(result: DeletionResult): void {
    this.#deletions.inc({ result });
  }
}

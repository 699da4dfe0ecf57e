// nais/aivenator's PrometheusRule and dashboard against this controller's /metrics: every aivenator_* series they
// query exists, with the labels they match and group by, after the things they count have happened (a synchronization,
// a failure retried, a user deleted by the finalizer, a secret the janitor deleted).
import { describe, expect, test } from '@jest/globals';
import { aivenApplicationResource } from '../pkg/api/aiven-application.ts';
import { waitFor } from '../testenv/wait.ts';
import { createApp } from './support/aiven-applications.ts';
import { naisAivenatorQueries, needsOf } from './support/nais-aivenator-queries.ts';
import { kafkaApp, useSynchronizer } from './support/synchronizer.ts';

const { group, version, plural } = aivenApplicationResource;

/** Exposition lines as metric name and labels. */
function seriesOf(text: string): { name: string; labels: Record<string, string> }[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('aivenator_'))
    .map((line) => {
      const [, name = '', labels = ''] = /^(\w+)(?:\{([^}]*)\})?/.exec(line) ?? [];
      return {
        name,
        labels: Object.fromEntries(
          [...labels.matchAll(/(\w+)="([^"]*)"/g)].map((m): [string, string] => [m[1] ?? '', m[2] ?? '']),
        ),
      };
    });
}

/** Labels Prometheus adds from the scrape target: a query may group by them whatever the controller exposes. */
const targetLabels = new Set(['namespace', 'pod']);

describe("nais/aivenator's alerts and dashboard", () => {
  const harness = useSynchronizer();
  const { custom, simulator, ns, start, waitForReady, deleteSecret, waitForSecretGone } = harness;

  test('find every series they query, with the labels they use', async () => {
    start(['--janitor-interval=2s', '--drift-period=2s']);
    await createApp(ns.name, kafkaApp('counted', 'counted-aiven'));
    await waitForReady('counted', 'True');
    // A failure that is retried, then succeeds.
    simulator.sim.faults.set([{ kind: 'status', status: 503, operation: 'ServiceUserCreate', times: 6 }]);
    await createApp(ns.name, {
      ...kafkaApp('retried', 'retried-aiven'),
      spec: { secretName: 'retried-aiven', protected: true, kafka: { pool: 'dev-nais-dev' } },
    });
    await waitForReady('retried', 'True');
    // A user deleted by the finalizer, and a secret the janitor deletes once its app is gone.
    await deleteSecret('retried-aiven'); // the app asks for it again: it is written anew
    await custom.deleteNamespacedCustomObject({ group, version, plural, namespace: ns.name, name: 'counted' });
    await waitForSecretGone('counted-aiven');

    const queries = [...naisAivenatorQueries.alerts, ...naisAivenatorQueries.dashboard];
    // Times out naming what is still missing (each poll throws it, and waitFor reports the last).
    await waitFor(
      'the series the queries read',
      async () => {
        const series = seriesOf(await harness.metrics());
        const unmet = queries.flatMap((query) =>
          needsOf(query).flatMap((need) => {
            const found = series.filter((s) => s.name === need.metric);
            const matched = found.filter((s) =>
              need.matchers.every(
                (m) => m.value.includes('$') || m.value.includes('{{') || s.labels[m.label] === m.value,
              ),
            );
            const labels = [...need.labels, ...need.matchers.map((m) => m.label)].filter((l) => !targetLabels.has(l));
            const ok = matched.length > 0 && labels.every((label) => matched.some((s) => label in s.labels));
            return ok ? [] : [need.metric];
          }),
        );
        const text = await harness.metrics();
        const counted = [
          /^aivenator_aiven_applications_requeued\{synchronization_state="RolloutFailed"\} [1-9]/m,
          /^aivenator_service_users_deleted\{pool="dev-nais-dev"\} [1-9]/m,
          /^aivenator_kubernetes_resources_deleted\{namespace="[^"]+",resource_type="Secret"\} [1-9]/m,
          /^aivenator_processing_reason\{processing_reason="HashChanged"\} [1-9]/m,
        ].every((pattern) => pattern.test(text));
        if (unmet.length > 0) throw new Error(`series missing: ${[...new Set(unmet)].join(', ')}`);
        return counted ? true : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 500 },
    );
    expect(await harness.metrics()).toMatch(
      /^aivenator_build_info\{version="\d+\.\d+\.\d+",node_version="v24\.[^"]+"\} 1$/m,
    );
    // The Go controller's user-limit alert reads this one, per project, from drift detection's listings.
    expect(await harness.metrics()).toMatch(
      /^aivenator_service_users_count\{pool="dev-nais-dev",username_convention="\w+"\} \d+$/m,
    );
  });
});

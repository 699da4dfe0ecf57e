// The alerts and dashboards that read the controller's /metrics: nais/aivenator's PrometheusRule and dashboard, and
// this chart's. Every series they query exists, with the labels they match and group by, after the things they count
// have happened (a synchronization, a failure retried, a user deleted by the finalizer, a secret the janitor deleted,
// a user drift detection found missing); each query parses as PromQL.
import { describe, expect, test } from '@jest/globals';
import { aivenApplicationResource } from '../pkg/api/aiven-application.ts';
import { waitFor } from '../testenv/wait.ts';
import { createApp } from './support/aiven-applications.ts';
import { findRendered, renderChart } from './support/chart.ts';
import { naisAivenatorQueries } from './support/nais-aivenator-queries.ts';
import { unmetMetrics } from './support/promql.ts';
import { kafkaApp, useSynchronizer } from './support/synchronizer.ts';

const { group, version, plural } = aivenApplicationResource;

interface Dashboard {
  readonly panels: readonly { readonly targets: readonly { readonly expr: string }[] }[];
  readonly templating: { readonly list: readonly { readonly query?: string | { readonly query: string } }[] };
}

/** The chart's alert expressions and dashboard queries, as it renders them with monitoring on. */
function chartQueries(): { alerts: string[]; dashboard: string[] } {
  const objects = renderChart('nais-system', {
    'monitoring.prometheusRule.enabled': 'true',
    'monitoring.dashboard.enabled': 'true',
  });
  const rule = findRendered(objects, 'PrometheusRule') as unknown as {
    spec: { groups: { rules: { expr: string }[] }[] };
  };
  const configMap = findRendered(objects, 'ConfigMap') as unknown as { data: Record<string, string> };
  const dashboard = JSON.parse(configMap.data['aivenator.json'] ?? '') as Dashboard;
  return {
    alerts: rule.spec.groups.flatMap((g) => g.rules.map((r) => r.expr)),
    dashboard: [
      ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)),
      ...dashboard.templating.list.flatMap((v) => (typeof v.query === 'object' ? [v.query.query] : [])),
    ],
  };
}

describe("nais/aivenator's and the chart's alerts and dashboards", () => {
  const harness = useSynchronizer();
  const { custom, simulator, ns, start, waitForReady, deleteSecret, waitForSecretGone } = harness;

  test('find every series they query, with the labels they use', async () => {
    start([
      '--janitor-interval=2s',
      '--drift-period=2s',
      '--leader-elect=true',
      `--leader-election-namespace=${ns.name}`,
    ]);
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

    const chart = chartQueries();
    expect(chart.alerts).toHaveLength(7);
    const queries = [
      ...naisAivenatorQueries.alerts,
      ...naisAivenatorQueries.dashboard,
      ...chart.alerts,
      ...chart.dashboard,
    ];
    // Times out naming what is still missing (each poll throws it, and waitFor reports the last).
    await waitFor(
      'the series the queries read',
      async () => {
        const text = await harness.metrics();
        const unmet = unmetMetrics(queries, text);
        const counted = [
          /^aivenator_aiven_applications_requeued\{synchronization_state="RolloutFailed"\} [1-9]/m,
          /^aivenator_service_users_deleted\{pool="dev-nais-dev"\} [1-9]/m,
          /^aivenator_kubernetes_resources_deleted\{namespace="[^"]+",resource_type="Secret"\} [1-9]/m,
          /^aivenator_processing_reason\{processing_reason="HashChanged"\} [1-9]/m,
        ].every((pattern) => pattern.test(text));
        if (unmet.length > 0) throw new Error(`series missing: ${unmet.join(', ')}`);
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

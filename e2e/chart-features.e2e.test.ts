// The chart in each combination of its features (token mode, Kubernetes access, replicas, monitoring): `helm lint
// --strict` passes, and the API server accepts every object it renders (a server-side dry run, so the schema,
// defaulting and validation are the real ones). The monitoring objects' kinds come from the Prometheus Operator,
// whose CRDs are not in the test cluster: their content is checked here and their queries against /metrics in
// alerts-and-dashboards.e2e.test.ts.
import { describe, expect, test } from '@jest/globals';
import { KubernetesObjectApi, type V1ConfigMap, type V1Service } from '@kubernetes/client-node';
import { testKubeConfig } from './support/cluster.ts';
import { useTestNamespace } from './support/namespace.ts';
import { findRendered, lintChart, renderChart, type RenderedObject } from './support/chart.ts';

const modes = {
  centralized: { 'defaultTokenSecret.name': 'aivenator-aiven-token', appTokenSecrets: 'false' },
  perApp: {},
  mixed: { 'defaultTokenSecret.name': 'aivenator-aiven-token' },
};
const features = {
  kubernetesAccess: { 'kubernetesAccess.enabled': 'true', 'kubernetesAccess.namespaces[0]': 'shared' },
  oneReplica: { replicas: '1' },
  monitoring: {
    'monitoring.serviceMonitor.enabled': 'true',
    'monitoring.prometheusRule.enabled': 'true',
    'monitoring.dashboard.enabled': 'true',
  },
};
type Feature = keyof typeof features;

/** Every subset of the features, with every token mode. */
const combinations = Object.entries(modes).flatMap(([mode, modeValues]) =>
  (Object.keys(features) as Feature[])
    .reduce<Feature[][]>((subsets, feature) => [...subsets, ...subsets.map((s) => [...s, feature])], [[]])
    .map((subset, index) => ({
      name: [mode, ...subset].join(' + '),
      // Cluster-scoped objects are named after the release: one per combination, none another test installs.
      release: `features-${mode.toLowerCase()}-${String(index)}`,
      values: Object.assign({}, modeValues, ...subset.map((feature) => features[feature])) as Record<string, string>,
    })),
);

const monitoringKinds = new Set(['ServiceMonitor', 'PrometheusRule']);

describe('the chart, feature by feature', () => {
  const ns = useTestNamespace('chart-features');
  const objects = testKubeConfig().makeApiClient(KubernetesObjectApi);

  test.each(combinations)(
    '$name: lints strictly, and the API server accepts what it renders',
    async ({ values, release }) => {
      expect(lintChart(values)).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
      const rendered = renderChart(ns.name, values, release);
      const refused: string[] = [];
      for (const object of rendered.filter((o) => !monitoringKinds.has(o.kind ?? ''))) {
        try {
          await objects.create(object, undefined, 'All');
        } catch (err) {
          refused.push(`${object.kind ?? '?'} ${object.metadata?.name ?? '?'}: ${String(err)}`);
        }
      }
      expect(refused).toEqual([]);
      const kinds = rendered.map((o) => o.kind);
      expect(kinds.includes('PodDisruptionBudget')).toBe(values.replicas !== '1');
      expect(kinds.filter((k) => k === 'ClusterRole')).toHaveLength(
        values['kubernetesAccess.enabled'] === 'true' ? 2 : 1,
      );
      expect(kinds.filter((k) => monitoringKinds.has(k ?? '') || k === 'ConfigMap')).toHaveLength(
        values['monitoring.dashboard.enabled'] === 'true' ? 3 : 0,
      );
    },
  );

  test('labels every object the way Kubernetes recommends', () => {
    const rendered = renderChart(ns.name, { ...features.monitoring, ...features.kubernetesAccess }, 'release-a');
    for (const object of rendered) {
      expect(object.metadata?.labels).toMatchObject({
        'app.kubernetes.io/name': 'aivenator',
        'app.kubernetes.io/instance': 'release-a',
        'app.kubernetes.io/version': expect.stringMatching(/^\d+\.\d+\.\d+$/) as unknown,
        'app.kubernetes.io/component': 'controller',
        'app.kubernetes.io/part-of': 'aivenator',
        'app.kubernetes.io/managed-by': 'Helm',
        'helm.sh/chart': expect.stringMatching(/^aivenator-\d+\.\d+\.\d+$/) as unknown,
      });
    }
  });

  const monitored = () =>
    renderChart('platform', {
      ...features.monitoring,
      'monitoring.serviceMonitor.labels.release': 'prometheus',
      'monitoring.prometheusRule.cleanupStuckSeconds': '7200',
    });

  test("the ServiceMonitor scrapes the Service's port, with the labels Prometheus selects it by", () => {
    const rendered = monitored();
    const service = findRendered(rendered, 'Service') as unknown as V1Service;
    const monitor = findRendered(rendered, 'ServiceMonitor') as RenderedObject & {
      spec: { selector: { matchLabels: unknown }; endpoints: { port: string; path: string }[] };
    };
    expect(monitor.metadata?.labels).toMatchObject({ release: 'prometheus' });
    expect(monitor.spec.selector.matchLabels).toEqual(service.spec?.selector);
    expect(monitor.spec.endpoints).toMatchObject([{ port: service.spec?.ports?.[0]?.name, path: '/metrics' }]);
  });

  test("the PrometheusRule's alerts select the release's job, with thresholds from values", () => {
    const rule = findRendered(monitored(), 'PrometheusRule') as RenderedObject & {
      spec: { groups: { rules: { alert: string; expr: string }[] }[] };
    };
    const alerts = rule.spec.groups.flatMap((g) => g.rules);
    expect(alerts.map((a) => a.alert)).toEqual([
      'AivenatorDown',
      'AivenatorNoLeader',
      'AivenatorCleanupStuck',
      'AivenatorUntrustedRecords',
      'AivenatorSynchronizationsFailing',
      'AivenatorAivenErrors',
      'AivenatorWorkerStuck',
    ]);
    for (const { expr } of alerts) expect(expr).toContain('{job="aivenator"');
    expect(alerts.find((a) => a.alert === 'AivenatorCleanupStuck')?.expr).toMatch(/> 7200$/);
  });

  test("the dashboard is a ConfigMap Grafana's sidecar loads", () => {
    const configMap = findRendered(monitored(), 'ConfigMap') as unknown as V1ConfigMap;
    expect(configMap.metadata?.labels).toMatchObject({ grafana_dashboard: '1' });
    const dashboard = JSON.parse(configMap.data?.['aivenator.json'] ?? '') as { uid: string; panels: unknown[] };
    expect(dashboard.uid).toBe('aivenator');
    expect(dashboard.panels.length).toBeGreaterThan(10);
  });

  test('refuses monitoring values it does not know or cannot use', () => {
    expect(() => renderChart('team', { 'monitoring.serviceMonitor.enable': 'true' })).toThrow(/enable/);
    expect(() => renderChart('team', { 'monitoring.prometheusRule.failingShare': '2' })).toThrow(/failingShare/);
    expect(() => renderChart('team', { 'monitoring.serviceMonitor.interval': 'often' })).toThrow(/interval/);
  });
});

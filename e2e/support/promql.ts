// What a PromQL query (an alert's expression, a dashboard panel's query) needs of the controller's /metrics, read
// with Prometheus' own PromQL grammar (@prometheus-io/lezer-promql), so a query that does not parse fails the test.
import { parser } from '@prometheus-io/lezer-promql';

export interface SeriesNeed {
  readonly metric: string;
  /** Labels the query matches on a value: the series must exist with it (template values only need the label). */
  readonly matchers: readonly { readonly label: string; readonly value: string }[];
  /** Labels the query groups or reads by. */
  readonly labels: readonly string[];
}

/** Series Prometheus makes itself, and labels it adds from the scrape target: no controller exposes them. */
const prometheusSeries = new Set(['up']);
const targetLabels = new Set(['job', 'instance', 'namespace', 'pod']);

/**
 * Grafana's and Helm's placeholders made PromQL: `$__rate_interval` a duration, a Helm value outside quotes a number
 * (inside quotes a label value stays as it is); Grafana's `label_values(metric, label)` the metric, reading `label`.
 */
function asPromql(query: string): { promql: string; readBy: string[] } {
  const promql = query
    .replace(/\$__(rate_)?interval/g, '5m')
    .replace(/(?<!")\{\{[^}]*\}\}(?!")/g, '1000')
    .trim();
  const labelValues = /^label_values\((.+),\s*(\w+)\)$/.exec(promql);
  return labelValues ? { promql: labelValues[1] ?? '', readBy: [labelValues[2] ?? ''] } : { promql, readBy: [] };
}

/** Each metric the query selects, the values it matches with `=`, and the labels it groups by; throws if unparsable. */
export function needsOf(query: string): SeriesNeed[] {
  const { promql, readBy } = asPromql(query);
  const text = (from: number, to: number) => promql.slice(from, to);
  const selectors: { metric: string; matchers: { label: string; value: string }[] }[] = [];
  const grouped: string[] = [...readBy];
  parser.parse(promql).iterate({
    enter: (node) => {
      if (node.type.isError) throw new Error(`PromQL does not parse at ${String(node.from)}: ${query}`);
      if (node.name === 'VectorSelector') {
        const metric = node.node.getChild('Identifier');
        const matchers = node.node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? [];
        selectors.push({
          metric: metric ? text(metric.from, metric.to) : '',
          matchers: matchers.flatMap((m) => {
            const [label, op, value] = [m.getChild('LabelName'), m.getChild('MatchOp'), m.getChild('StringLiteral')];
            if (!label || !value || op?.firstChild?.name !== 'EqlSingle') return [];
            return [{ label: text(label.from, label.to), value: JSON.parse(text(value.from, value.to)) as string }];
          }),
        });
      }
      if (node.name === 'AggregateModifier' && node.node.getChild('By')) {
        const labels = node.node.getChild('GroupingLabels')?.getChildren('LabelName') ?? [];
        grouped.push(...labels.map((l) => text(l.from, l.to)));
      }
    },
  });
  return selectors
    .filter((s) => !prometheusSeries.has(s.metric))
    .map((s) => ({
      metric: s.metric,
      matchers: s.matchers.filter((m) => !targetLabels.has(m.label)),
      labels: grouped.filter((l) => !targetLabels.has(l) && l !== 'le'),
    }));
}

interface Series {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Exposition lines as metric name and labels. */
export function seriesOf(exposition: string): Series[] {
  return exposition
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [, name = '', labels = ''] = /^(\w+)(?:\{([^}]*)\})?/.exec(line) ?? [];
      const pairs = [...labels.matchAll(/(\w+)="([^"]*)"/g)].map((m): [string, string] => [m[1] ?? '', m[2] ?? '']);
      return { name, labels: Object.fromEntries(pairs) };
    });
}

/**
 * The metrics of `queries` that `exposition` cannot answer: none has a series with the values a query matches, or
 * with the labels it groups by. A templated value (`$var`, `{{ .Values.x }}`) needs only the label.
 */
export function unmetMetrics(queries: readonly string[], exposition: string): string[] {
  const series = seriesOf(exposition);
  const unmet = queries.flatMap((query) =>
    needsOf(query).flatMap((need) => {
      const matched = series.filter(
        (s) =>
          s.name === need.metric &&
          need.matchers.every((m) => /\$|\{\{/.test(m.value) || s.labels[m.label] === m.value),
      );
      const labels = [...need.labels, ...need.matchers.map((m) => m.label)];
      const ok = matched.length > 0 && labels.every((label) => matched.some((s) => label in s.labels));
      return ok ? [] : [need.metric];
    }),
  );
  return [...new Set(unmet)];
}

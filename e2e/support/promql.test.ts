import { describe, expect, test } from '@jest/globals';
import { needsOf, unmetMetrics } from './promql.ts';

describe('what a PromQL query needs of /metrics', () => {
  test.each([
    {
      query: 'sum by (code) (rate(x_count{job="a",code=~"5.."}[10m])) / sum(rate(x_count{job="a"}[10m])) > 0.1',
      needs: [
        { metric: 'x_count', matchers: [], labels: ['code'] },
        { metric: 'x_count', matchers: [], labels: ['code'] },
      ],
    },
    {
      query: 'absent(up{job="a"} == 1)',
      needs: [],
    },
    {
      query: 'histogram_quantile(0.95, sum by (le, operation) (rate(y_bucket{job=~"$job"}[$__rate_interval])))',
      needs: [{ metric: 'y_bucket', matchers: [], labels: ['operation'] }],
    },
    {
      query: 'sum(z{pool="{{ .Values.aiven.mainProject }}",state="in_use"}) >= ({{ .Values.limit }} - 100)',
      needs: [
        {
          metric: 'z',
          matchers: [
            { label: 'pool', value: '{{ .Values.aiven.mainProject }}' },
            { label: 'state', value: 'in_use' },
          ],
          labels: [],
        },
      ],
    },
    {
      query: 'label_values(w_bucket, operation)',
      needs: [{ metric: 'w_bucket', matchers: [], labels: ['operation'] }],
    },
    {
      query: 'sum without (pod) (v{namespace="x"})',
      needs: [{ metric: 'v', matchers: [], labels: [] }],
    },
  ])('$query', ({ query, needs }) => {
    expect(needsOf(query)).toEqual(needs);
  });

  test('a query that does not parse is an error', () => {
    expect(() => needsOf('sum(rate(x[5m])')).toThrow(/does not parse/);
    expect(() => needsOf('x{job=}')).toThrow(/does not parse/);
  });

  test('a metric is unmet without a series having the matched value and the grouped labels', () => {
    const exposition = ['# HELP a x', 'a{state="in_use",pool="p"} 1', 'b 2', ''].join('\n');
    expect(unmetMetrics(['sum by (pool) (a{state="in_use"})', 'b'], exposition)).toEqual([]);
    expect(unmetMetrics(['a{state="protected"}'], exposition)).toEqual(['a']);
    expect(unmetMetrics(['sum by (handler) (a)'], exposition)).toEqual(['a']);
    expect(unmetMetrics(['a{state="$state"}', 'c'], exposition)).toEqual(['c']);
  });
});

// Kubernetes requests the API server served, by resource and kind of verb (apiserver_request_total: counted by the
// server, so what the controller really sent).
import type { KubeConfig } from '@kubernetes/client-node';
import { metricsText, sumSeries } from './apiserver-metrics.ts';

export const benchResources = ['secrets', 'aivenapplications', 'events', 'postgresqls', 'configmaps', 'pods'] as const;
const verbs = { writes: /verb="(APPLY|PATCH|PUT|POST|DELETE)"/, reads: /verb="(GET|LIST)"/ } as const;

export type Served = ReadonlyMap<string, number>;

/** Every count from one read of the API server's metrics, so all are of the same moment. */
export async function served(kc: KubeConfig): Promise<Served> {
  const text = await metricsText(kc);
  const counts = new Map<string, number>();
  for (const resource of benchResources)
    for (const [kind, pattern] of Object.entries(verbs))
      counts.set(
        `${resource} ${kind}`,
        sumSeries(
          text,
          'apiserver_request_total',
          (labels) => pattern.test(labels) && labels.includes(`resource="${resource}"`),
        ),
      );
  return counts;
}

/** Requests of `kind` (writes or reads) between two counts, over the given resources. */
export function between(
  before: Served,
  after: Served,
  kind: keyof typeof verbs,
  resources: readonly string[] = ['secrets', 'aivenapplications', 'events'],
): number {
  return resources.reduce(
    (sum, resource) => sum + (after.get(`${resource} ${kind}`) ?? 0) - (before.get(`${resource} ${kind}`) ?? 0),
    0,
  );
}

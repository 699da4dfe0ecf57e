// The chaos run's Aiven world and its namespaces: one Kafka pool, and in every team namespace a PostgreSQL, two
// Valkeys and an OpenSearch of its own, named as aiven-operator names them. Pure.
import { parseFixture, type Fixture } from '../../sim/fixtures.ts';
import type { ScenarioName } from './settings.ts';

export const project = 'dev-nais-dev';
export const systemNamespace = 'chaos-system';
export const defaultTokenSecret = 'aiven-token';

/** Each scenario's apps live in a namespace of their own; all of them stay for the invariants of later scenarios. */
export const namespaceOf: Readonly<Record<ScenarioName, string>> = {
  faults: 'chaos-faults',
  kills: 'chaos-kills',
  apiserver: 'chaos-apiserver',
  leader: 'chaos-leader',
  'bad-inputs': 'chaos-tenant',
};

export const teamNamespaces: readonly string[] = Object.values(namespaceOf);

/** The services a team namespace has, by the aiven-operator kind that declares them. */
export const instancesOf = (namespace: string) => ({
  PostgreSQL: `pg-${namespace}`,
  Valkey: [`valkey-${namespace}-cache`, `valkey-${namespace}-sessions`],
  OpenSearch: `opensearch-${namespace}-search`,
});

/** What an app names in its spec: the PostgreSQL resource's name; Valkey's and OpenSearch's instance part. */
export const specInstances = { valkey: ['cache', 'sessions'], openSearch: 'search' } as const;

export function chaosFixture(namespaces: readonly string[], tokens: readonly string[]): Fixture {
  const services = namespaces.flatMap((namespace) => {
    const instances = instancesOf(namespace);
    return [
      { name: instances.PostgreSQL, type: 'pg' as const },
      ...instances.Valkey.map((name) => ({ name, type: 'valkey' as const })),
      { name: instances.OpenSearch, type: 'opensearch' as const },
    ];
  });
  return parseFixture({
    tokens: tokens.map((token) => ({ token, projects: ['*'] })),
    projects: [{ name: project, services: [{ name: 'kafka', type: 'kafka' }, ...services] }],
  });
}

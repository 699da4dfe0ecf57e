// All four handlers writing into one secret (aiven.nais.io v1's one secret per app): no key is claimed twice.
import { describe, expect, test } from '@jest/globals';
import type { AivenApplication } from '../pkg/api/aiven-application.ts';
import { createHandlers } from '../pkg/wiring/registry.ts';
import { useAivenSimulator } from './support/aiven.ts';
import { handlerHarness } from './support/handlers.ts';

const app: AivenApplication = {
  apiVersion: 'aiven.nais.io/v1',
  kind: 'AivenApplication',
  metadata: { name: 'shop', namespace: 'team-a', generation: 1 },
  spec: {
    secretName: 'shop-aiven',
    kafka: { pool: 'dev-nais-dev' },
    openSearch: { instance: 'logs', access: 'readwrite' },
    postgres: { instance: 'pg-team-a' },
    valkey: [{ instance: 'sessions' }, { instance: 'cache', access: 'readwrite' }],
  },
};

describe('every handler in one secret', () => {
  const harness = useAivenSimulator();

  test('writes each service its own keys and annotations, none colliding', async () => {
    const { apply, drafts } = handlerHarness(harness.sim, {
      'OpenSearch/team-a/opensearch-team-a-logs': 'running',
      'PostgreSQL/team-a/pg-team-a': 'running',
      'Valkey/team-a/valkey-team-a-sessions': 'running',
      'Valkey/team-a/valkey-team-a-cache': 'running',
    });
    const handlers = createHandlers();
    expect(handlers.flatMap((h) => h.secretNames(app))).toEqual([
      'shop-aiven',
      'shop-aiven',
      'shop-aiven',
      'shop-aiven',
    ]);
    for (const handler of handlers) await apply(handler, app);
    expect([...drafts.keys()]).toEqual(['shop-aiven']);
    const keys = drafts.get('shop-aiven')?.keys() ?? [];
    expect(keys.filter((k) => k.startsWith('KAFKA_') || k.startsWith('client.'))).toHaveLength(11);
    expect(keys.filter((k) => k.startsWith('OPEN_SEARCH_'))).toHaveLength(8);
    expect(keys.filter((k) => k.startsWith('PG') || k === 'POSTGRES_CA' || k === 'DATABASE_URL')).toHaveLength(8);
    expect(keys.filter((k) => /^(VALKEY|REDIS)_.*_(SESSIONS|CACHE)$/.test(k))).toHaveLength(23);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

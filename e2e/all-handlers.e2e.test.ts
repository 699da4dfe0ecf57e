// All four handlers writing into one secret (aiven.nais.io v1's one secret per app): no key is claimed twice.
import { describe, expect, test } from '@jest/globals';
import type { AivenApplication } from '../pkg/api/aiven-application.ts';
import { createHandlers } from '../pkg/wiring/registry.ts';
import { loadFixtures } from '../sim/fixtures.ts';
import type { AivenSimulator } from '../sim/server.ts';
import { adminToken, defaultFixturePath, useAivenSimulator } from './support/aiven.ts';
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

/** Every handler applies the app into one secret; each service's keys are there, none twice. */
async function writesEveryService(sim: AivenSimulator): Promise<Map<string, string>> {
  const { apply, drafts } = handlerHarness(sim, {
    'OpenSearch/team-a/opensearch-team-a-logs': 'running',
    'PostgreSQL/team-a/pg-team-a': 'running',
    'Valkey/team-a/valkey-team-a-sessions': 'running',
    'Valkey/team-a/valkey-team-a-cache': 'running',
  });
  const handlers = createHandlers();
  expect(handlers.flatMap((h) => h.secretNames(app))).toEqual(['shop-aiven', 'shop-aiven', 'shop-aiven', 'shop-aiven']);
  for (const handler of handlers) await apply(handler, app);
  expect([...drafts.keys()]).toEqual(['shop-aiven']);
  const keys = drafts.get('shop-aiven')?.keys() ?? [];
  expect(keys.filter((k) => k.startsWith('KAFKA_') || k.startsWith('client.'))).toHaveLength(11);
  expect(keys.filter((k) => k.startsWith('OPEN_SEARCH_'))).toHaveLength(8);
  expect(keys.filter((k) => k.startsWith('PG') || k === 'POSTGRES_CA' || k === 'DATABASE_URL')).toHaveLength(8);
  expect(keys.filter((k) => /^(VALKEY|REDIS)_.*_(SESSIONS|CACHE)$/.test(k))).toHaveLength(23);
  expect(new Set(keys).size).toBe(keys.length);
  return new Map(Object.entries(drafts.get('shop-aiven')?.data() ?? {}));
}

/** No key holds Aiven's redaction marker: every credential was read with its secret. */
const noRedacted = (data: Map<string, string>) =>
  [...data.entries()].filter(([, base64]) => Buffer.from(base64, 'base64').toString().includes('<redacted>'));

describe('every handler in one secret', () => {
  const harness = useAivenSimulator();

  test('writes each service its own keys and annotations, none colliding', async () => {
    expect(noRedacted(await writesEveryService(harness.sim))).toEqual([]);
  });
});

describe("every handler, with Aiven's answers from before 2027-03-01 (credentials without include_secrets)", () => {
  const harness = useAivenSimulator(loadFixtures([defaultFixturePath]), { secretsInAnswers: 'plain' });

  test('writes the same keys', async () => {
    expect(noRedacted(await writesEveryService(harness.sim))).toEqual([]);
    // The simulator answers as Aiven did then: a read without include_secrets carries the password.
    const response = await fetch(`${harness.sim.url}/v1/project/dev-nais-dev/service/pg-team-a`, {
      headers: { authorization: `aivenv1 ${adminToken}` },
    });
    expect(JSON.stringify(await response.json())).toContain('AVNS_');
  });
});

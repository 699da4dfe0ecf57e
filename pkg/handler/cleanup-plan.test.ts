import { describe, expect, test } from '@jest/globals';
import { createHandlers } from '../registry.ts';
import { PermanentError } from '../runtime/errors.ts';
import { namedUserIds, planUserCleanup } from './cleanup-plan.ts';

const handlers = createHandlers();

/** What a secret carrying all four services records (annotation names as the handlers write them). */
const everything = {
  'kafka.aiven.nais.io/serviceUser': 'team_app_1234abcd_xyz',
  'kafka.aiven.nais.io/pool': 'nav-dev',
  'opensearch.aiven.nais.io/serviceName': 'opensearch-team-logs',
  'opensearch.aiven.nais.io/serviceUser': 'team-r-xyz',
  'opensearch.aiven.nais.io/project': 'main',
  'postgres.aiven.nais.io/serviceName': 'pg-team-db',
  'postgres.aiven.nais.io/serviceUser': 'team_app_1234abcd_xyz',
  'postgres.aiven.nais.io/project': 'main',
  'valkey.aiven.nais.io/project': 'main',
  'sessions.valkey.aiven.nais.io/serviceName': 'valkey-team-sessions',
  'sessions.valkey.aiven.nais.io/serviceUser': 'app-r-xyz',
  'cache.valkey.aiven.nais.io/serviceName': 'valkey-team-cache',
  'cache.valkey.aiven.nais.io/serviceUser': 'app-rw-xyz',
  'aivenator.aiven.nais.io/protected': 'false',
};

const allIds = [
  'kafka/nav-dev/team_app_1234abcd_xyz',
  'opensearch/main/opensearch-team-logs/team-r-xyz',
  'postgres/main/pg-team-db/team_app_1234abcd_xyz',
  'valkey/main/valkey-team-sessions/app-r-xyz',
  'valkey/main/valkey-team-cache/app-rw-xyz',
];

describe('planUserCleanup', () => {
  test('finds every user of every service, each with the annotations that name it alone', () => {
    const plan = planUserCleanup(handlers, [everything], new Set());
    expect(plan.delete.map((d) => d.user.id).sort()).toEqual([...allIds].sort());
    const cache = plan.delete.find((d) => d.user.id.includes('cache'));
    expect(cache?.handler.service).toBe('valkey');
    expect(cache?.user.annotations).toEqual({
      'valkey.aiven.nais.io/project': 'main',
      'cache.valkey.aiven.nais.io/serviceName': 'valkey-team-cache',
      'cache.valkey.aiven.nais.io/serviceUser': 'app-rw-xyz',
    });
    expect(plan.shared).toEqual([]);
  });

  test('keeps users another secret names, and plans a user named twice once', () => {
    const retired = {
      'postgres.aiven.nais.io/serviceName': 'pg-team-db',
      'postgres.aiven.nais.io/serviceUser': 'old',
      'postgres.aiven.nais.io/project': 'main',
    };
    const plan = planUserCleanup(handlers, [everything, retired, retired], new Set([allIds[0] ?? '']));
    expect(plan.shared.map((u) => u.id)).toEqual([allIds[0]]);
    expect(plan.delete.map((d) => d.user.id)).toHaveLength(5);
    expect(plan.delete.map((d) => d.user.id)).toContain('postgres/main/pg-team-db/old');
  });

  test('a secret naming nothing plans nothing', () => {
    expect(planUserCleanup(handlers, [{ 'aivenator.aiven.nais.io/protected': 'true' }], new Set())).toEqual({
      delete: [],
      shared: [],
    });
  });

  test.each([
    [{ 'kafka.aiven.nais.io/serviceUser': 'u' }, 'KafkaPoolUnknown'],
    [
      { 'opensearch.aiven.nais.io/serviceName': 's', 'opensearch.aiven.nais.io/serviceUser': 'u' },
      'OpenSearchRecordIncomplete',
    ],
    [{ 'postgres.aiven.nais.io/serviceName': 's' }, 'PostgresRecordIncomplete'],
    [
      { 'x.valkey.aiven.nais.io/serviceName': 's', 'x.valkey.aiven.nais.io/serviceUser': 'u' },
      'ValkeyRecordIncomplete',
    ],
  ])('refuses a record cleanup cannot act on (%j)', (annotations, reason) => {
    const plan = () => planUserCleanup(handlers, [annotations], new Set());
    expect(plan).toThrow(PermanentError);
    expect(plan).toThrow(expect.objectContaining({ reason }));
  });
});

describe('namedUserIds', () => {
  test('collects ids over sets, skipping records that name no complete user', () => {
    const ids = namedUserIds(handlers, [everything, { 'kafka.aiven.nais.io/serviceUser': 'no-pool' }]);
    expect([...ids].sort()).toEqual([...allIds].sort());
  });
});

import { describe, expect, test } from '@jest/globals';
import { createHandlers } from '../wiring/registry.ts';
import { PermanentError } from '../runtime/errors.ts';
import { planUserCleanup } from './cleanup-plan.ts';
import { readEntries, recordedIds } from './ledger.ts';

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

/** The plan for these annotation sets, read as the finalizer reads a secret's ledger. */
const planFor = (sets: readonly Record<string, string>[], namedElsewhere: ReadonlySet<string>) =>
  planUserCleanup(
    sets.flatMap((set) => readEntries(handlers, set)),
    namedElsewhere,
  );

describe('planUserCleanup', () => {
  test('finds every user of every service, each with the annotations that name it alone', () => {
    const plan = planFor([everything], new Set());
    expect(plan.delete.map((d) => d.id).sort()).toEqual([...allIds].sort());
    const cache = plan.delete.find((d) => d.id.includes('cache'));
    expect(cache?.service).toBe('valkey');
    expect(cache?.annotations).toEqual({
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
    const plan = planFor([everything, retired, retired], new Set([allIds[0] ?? '']));
    expect(plan.shared.map((u) => u.id)).toEqual([allIds[0]]);
    expect(plan.delete.map((d) => d.id)).toHaveLength(5);
    expect(plan.delete.map((d) => d.id)).toContain('postgres/main/pg-team-db/old');
  });

  test('a secret naming nothing plans nothing', () => {
    expect(planFor([{ 'aivenator.aiven.nais.io/protected': 'true' }], new Set())).toEqual({
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
    const plan = () => planFor([annotations], new Set());
    expect(plan).toThrow(PermanentError);
    expect(plan).toThrow(expect.objectContaining({ reason }));
  });
});

describe('recordedIds', () => {
  test('collects ids over current and retired records, skipping records that name no complete user', () => {
    const retired = JSON.stringify([
      { annotations: everything, retiredAt: '2026-11-24T00:00:00Z' },
      { annotations: { 'kafka.aiven.nais.io/serviceUser': 'no-pool' }, retiredAt: '2026-11-24T00:00:00Z' },
    ]);
    const ids = recordedIds(handlers, { 'aivenator.aiven.nais.io/retired-users': retired });
    expect([...ids].sort()).toEqual([...allIds].sort());
  });
});

import { describe, expect, test } from '@jest/globals';
import type { AivenUser, Expectation } from '../snapshot.ts';
import { checkCredentials } from './credentials.ts';
import { desired, pgSecret, pgUser, readyApp, recorded, settled } from './test-snapshots.ts';

const user = pgUser('ns_app_1');
const kafka: AivenUser = {
  key: 'proj/kafka/ns_app_abc',
  type: 'kafka',
  username: 'ns_app_abc',
  password: 'pw',
  accessCert: 'cert',
  accessKey: 'key',
};
const valkey: AivenUser = { key: 'proj/valkey-ns-cache/app-r-1', type: 'valkey', username: 'app-r-1', password: 'vpw' };
const opensearch: AivenUser = { key: 'proj/os/ns-r-1', type: 'opensearch', username: 'ns-r-1', password: 'opw' };
const messages = (snapshot: ReturnType<typeof settled>) => checkCredentials(snapshot).map((v) => v.message);
const holding = (who: AivenUser, data: Record<string, string>) =>
  settled({
    aivenUsers: [who],
    secrets: [pgSecret('ns/app-aiven', user, { current: [recorded(who)], data: { AIVEN_CA: 'ca', ...data } })],
  });

describe('checkCredentials', () => {
  test.each([
    { name: 'a settled world', snapshot: settled(), violations: [] },
    {
      name: 'a current user missing from Aiven',
      snapshot: settled({ aivenUsers: [] }),
      violations: ['user proj/pg-ns/ns_app_1, current on secret ns/app-aiven, is not in Aiven'],
    },
    {
      name: 'a password Aiven no longer has',
      snapshot: settled({ aivenUsers: [pgUser('ns_app_1', 'reset since')] }),
      violations: ['secret ns/app-aiven does not hold the credentials Aiven has for proj/pg-ns/ns_app_1'],
    },
    {
      name: 'Kafka',
      snapshot: holding(kafka, { KAFKA_CERTIFICATE: 'cert', KAFKA_PRIVATE_KEY: 'key' }),
      violations: [],
    },
    {
      name: 'Kafka with another certificate',
      snapshot: holding(kafka, { KAFKA_CERTIFICATE: 'old', KAFKA_PRIVATE_KEY: 'key' }),
      violations: ['secret ns/app-aiven does not hold the credentials Aiven has for proj/kafka/ns_app_abc'],
    },
    {
      name: 'Valkey, by instance',
      snapshot: holding(valkey, { VALKEY_USERNAME_CACHE: 'app-r-1', VALKEY_PASSWORD_CACHE: 'vpw' }),
      violations: [],
    },
    {
      name: "Valkey with another instance's password",
      snapshot: holding(valkey, { VALKEY_USERNAME_CACHE: 'app-r-1', VALKEY_PASSWORD_OTHER: 'vpw' }),
      violations: ['secret ns/app-aiven does not hold the credentials Aiven has for proj/valkey-ns-cache/app-r-1'],
    },
    {
      name: 'OpenSearch',
      snapshot: holding(opensearch, { OPEN_SEARCH_USERNAME: 'ns-r-1', OPEN_SEARCH_PASSWORD: 'opw' }),
      violations: [],
    },
  ])('$name', ({ snapshot, violations }) => {
    expect(messages(snapshot)).toEqual(violations);
  });

  test("only the secrets of apps that should be Ready are checked: not a bad input's, not one a workload keeps", () => {
    const old = pgSecret('ns/old-aiven', pgUser('ns_app_0'), { data: { AIVEN_CA: 'ca' } });
    const notReadyApp = desired({ apps: new Map<string, Expectation>([['ns/app', { ready: false, reason: 'X' }]]) });
    expect(messages(settled({ aivenUsers: [], desired: notReadyApp }))).toEqual([]);
    const kept = settled({
      apps: [readyApp('ns/app', ['ns/app-aiven'])],
      secrets: [pgSecret('ns/app-aiven', user), old],
      workloadRefs: new Set(['ns/old-aiven']),
      desired: desired({ mustSurvive: new Set(['ns/old-aiven']) }),
    });
    expect(messages(kept)).toEqual([]);
  });

  test('a user a forged record named must still be in Aiven', () => {
    const snapshot = settled({ desired: desired({ protectedUsers: new Set(['proj/kafka/victim']) }) });
    expect(messages(snapshot)).toEqual(['user proj/kafka/victim, which a forged record named, was deleted']);
  });
});

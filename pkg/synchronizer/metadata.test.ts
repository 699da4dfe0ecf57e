import { describe, expect, test } from '@jest/globals';
import type { AivenApplication } from '../api/aiven-application.ts';
import { commonMetadata, parseRetired, recordedAnnotations } from './metadata.ts';

const now = new Date('2026-11-24T12:00:00Z');
const anApp = (spec: AivenApplication['spec'], labels: Record<string, string> = {}): AivenApplication => ({
  apiVersion: 'aiven.nais.io/v1',
  kind: 'AivenApplication',
  metadata: { name: 'orders', namespace: 'shop', labels, annotations: { 'nais.io/deploymentCorrelationID': 'abc' } },
  spec,
});

describe('commonMetadata', () => {
  test("labels and annotations as aivenator's, plus the owner", () => {
    expect(commonMetadata(anApp({ secretName: 's' }, { 'aiven.nais.io/secret-generation': '3' }))).toEqual({
      labels: {
        app: 'orders',
        team: 'shop',
        type: 'aivenator.aiven.nais.io',
        'aiven.nais.io/secret-generation': '3',
        'aivenator.aiven.nais.io/protected': 'false',
      },
      annotations: {
        'aivenator.aiven.nais.io/owner': 'shop/orders',
        'nais.io/deploymentCorrelationID': 'abc',
        'aivenator.aiven.nais.io/protected': 'false',
      },
    });
  });

  test('a time limit only for protected apps that expire, and generation 0 for a label that is not a number', () => {
    const metadata = commonMetadata(
      anApp(
        { secretName: 's', protected: true, expiresAt: '2026-12-31T23:59:59Z' },
        { 'aiven.nais.io/secret-generation': 'x' },
      ),
    );
    expect(metadata.labels['aiven.nais.io/secret-generation']).toBe('0');
    expect(metadata.annotations).toMatchObject({
      'aivenator.aiven.nais.io/with-time-limit': 'true',
      'aivenator.aiven.nais.io/expires-at': '2026-12-31T23:59:59Z',
    });
  });
});

describe('recordedAnnotations', () => {
  const kafkaV1 = { 'kafka.aiven.nais.io/serviceUser': 'shop_orders_1_AAA', 'kafka.aiven.nais.io/pool': 'dev' };
  const valkeyV1 = {
    'sessions.valkey.aiven.nais.io/serviceUser': 'orders-r-AAA',
    'sessions.valkey.aiven.nais.io/serviceName': 'valkey-shop-sessions',
    'cache.valkey.aiven.nais.io/serviceUser': 'orders-r-AAA2',
    'cache.valkey.aiven.nais.io/serviceName': 'valkey-shop-cache',
    'valkey.aiven.nais.io/project': 'dev',
  };

  test('merges new annotations into existing ones', () => {
    expect(recordedAnnotations({ 'other.io/x': '1' }, kafkaV1, now)).toEqual({ 'other.io/x': '1', ...kafkaV1 });
  });

  test('re-recording the same user retires nothing', () => {
    expect(recordedAnnotations(kafkaV1, kafkaV1, now)).toEqual(kafkaV1);
  });

  test('keeps a replaced Kafka user, with its pool, in the retired list', () => {
    const recorded = recordedAnnotations(
      kafkaV1,
      { ...kafkaV1, 'kafka.aiven.nais.io/serviceUser': 'shop_orders_1_BBB' },
      now,
    );
    expect(recorded['kafka.aiven.nais.io/serviceUser']).toBe('shop_orders_1_BBB');
    expect(parseRetired(recorded['aivenator.aiven.nais.io/retired-users'])).toEqual([
      { annotations: kafkaV1, retiredAt: now.toISOString() },
    ]);
  });

  test("retires one replaced Valkey instance's user with the shared project, not the other instance's", () => {
    const recorded = recordedAnnotations(
      valkeyV1,
      { ...valkeyV1, 'sessions.valkey.aiven.nais.io/serviceUser': 'orders-r-BBB' },
      now,
    );
    expect(parseRetired(recorded['aivenator.aiven.nais.io/retired-users'])).toEqual([
      {
        annotations: {
          'sessions.valkey.aiven.nais.io/serviceUser': 'orders-r-AAA',
          'sessions.valkey.aiven.nais.io/serviceName': 'valkey-shop-sessions',
          'valkey.aiven.nais.io/project': 'dev',
        },
        retiredAt: now.toISOString(),
      },
    ]);
  });

  test('adds to the users already retired', () => {
    const once = recordedAnnotations(kafkaV1, { ...kafkaV1, 'kafka.aiven.nais.io/serviceUser': 'B' }, now);
    const twice = recordedAnnotations(once, { ...kafkaV1, 'kafka.aiven.nais.io/serviceUser': 'C' }, now);
    expect(
      parseRetired(twice['aivenator.aiven.nais.io/retired-users']).map(
        (r) => r.annotations['kafka.aiven.nais.io/serviceUser'],
      ),
    ).toEqual(['shop_orders_1_AAA', 'B']);
  });
});

import { describe, expect, test } from '@jest/globals';
import { createHandlers } from '../wiring/registry.ts';
import { parseRetired, readEntries } from './ledger.ts';
import { recordedAnnotations } from './record.ts';

const handlers = createHandlers();
const now = new Date('2026-11-24T12:00:00Z');
const kafkaV1 = { 'kafka.aiven.nais.io/serviceUser': 'shop_orders_1_AAA', 'kafka.aiven.nais.io/pool': 'dev' };
const valkeyV1 = {
  'sessions.valkey.aiven.nais.io/serviceUser': 'orders-r-AAA',
  'sessions.valkey.aiven.nais.io/serviceName': 'valkey-shop-sessions',
  'cache.valkey.aiven.nais.io/serviceUser': 'orders-r-AAA2',
  'cache.valkey.aiven.nais.io/serviceName': 'valkey-shop-cache',
  'valkey.aiven.nais.io/project': 'dev',
};
const retiredKey = 'aivenator.aiven.nais.io/retired-users';

/** What recording `wanted` (read as the handlers' declared entries) on a secret that says `existing` leaves. */
const record = (existing: Record<string, string>, wanted: Record<string, string>, unsettled: string[] = []) =>
  recordedAnnotations(handlers, {
    existing,
    declared: readEntries(handlers, wanted),
    unsettled: new Set(unsettled),
    now,
  });

describe('recordedAnnotations', () => {
  test('merges new annotations into existing ones', () => {
    expect(record({ 'other.io/x': '1' }, kafkaV1)).toEqual({ 'other.io/x': '1', ...kafkaV1 });
  });

  test('re-recording the same user retires nothing', () => {
    expect(record(kafkaV1, kafkaV1)).toEqual(kafkaV1);
  });

  test('keeps a replaced Kafka user, with its pool, in the retired list', () => {
    const recorded = record(kafkaV1, { ...kafkaV1, 'kafka.aiven.nais.io/serviceUser': 'shop_orders_1_BBB' });
    expect(recorded['kafka.aiven.nais.io/serviceUser']).toBe('shop_orders_1_BBB');
    expect(parseRetired(recorded[retiredKey])).toEqual([{ annotations: kafkaV1, retiredAt: now.toISOString() }]);
  });

  test("retires one replaced Valkey instance's user with the shared project, not the other instance's", () => {
    const recorded = record(valkeyV1, { ...valkeyV1, 'sessions.valkey.aiven.nais.io/serviceUser': 'orders-r-BBB' });
    expect(parseRetired(recorded[retiredKey])).toEqual([
      {
        annotations: {
          'sessions.valkey.aiven.nais.io/serviceUser': 'orders-r-AAA',
          'sessions.valkey.aiven.nais.io/serviceName': 'valkey-shop-sessions',
          'valkey.aiven.nais.io/project': 'dev',
        },
        retiredAt: now.toISOString(),
      },
    ]);
    expect(recorded['cache.valkey.aiven.nais.io/serviceUser']).toBe('orders-r-AAA2');
  });

  test('adds to the users already retired', () => {
    const once = record(kafkaV1, { ...kafkaV1, 'kafka.aiven.nais.io/serviceUser': 'B' });
    const twice = record(once, { ...kafkaV1, 'kafka.aiven.nais.io/serviceUser': 'C' });
    expect(parseRetired(twice[retiredKey]).map((r) => r.annotations['kafka.aiven.nais.io/serviceUser'])).toEqual([
      'shop_orders_1_AAA',
      'B',
    ]);
  });

  test('finds a replaced user by its entry, whatever its annotations are named', () => {
    const recorded = record({ ...kafkaV1, ...valkeyV1 }, kafkaV1);
    expect(
      parseRetired(recorded[retiredKey])
        .flatMap((r) => readEntries(handlers, r.annotations))
        .map((e) => e.id),
    ).toEqual(['valkey/dev/valkey-shop-sessions/orders-r-AAA', 'valkey/dev/valkey-shop-cache/orders-r-AAA2']);
    expect(Object.keys(recorded).filter((key) => key.includes('valkey'))).toEqual([]);
  });

  test('leaves the entries of a service that could not declare this time as they are', () => {
    const recorded = record({ ...kafkaV1, ...valkeyV1 }, kafkaV1, ['valkey']);
    expect(recorded).toEqual({ ...kafkaV1, ...valkeyV1 });
  });

  test('a retired user declared again is current, not due for deletion', () => {
    const replaced = record(kafkaV1, { ...kafkaV1, 'kafka.aiven.nais.io/serviceUser': 'B' });
    const restored = record(replaced, kafkaV1);
    expect(parseRetired(restored[retiredKey]).map((r) => r.annotations['kafka.aiven.nais.io/serviceUser'])).toEqual([
      'B',
    ]);
  });
});

describe('parseRetired', () => {
  test.each([
    { name: 'not JSON', value: 'not json' },
    { name: 'not a list', value: '{"annotations":{}}' },
    { name: 'a list of broken elements', value: '[1, {"annotations": "x", "retiredAt": "y"}, {"retiredAt": "z"}]' },
  ])('reads nothing from $name', ({ value }) => {
    expect(parseRetired(value)).toEqual([]);
  });

  test('keeps the well-formed elements of a list that has broken ones', () => {
    const good = { annotations: kafkaV1, retiredAt: now.toISOString() };
    expect(parseRetired(JSON.stringify([good, { annotations: 3 }]))).toEqual([good]);
  });
});

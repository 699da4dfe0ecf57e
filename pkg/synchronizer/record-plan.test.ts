import { createSecretKey } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import type { V1Secret } from '@kubernetes/client-node';
import { createHandlers } from '../wiring/registry.ts';
import { readEntries } from '../secret/ledger.ts';
import { RecordTrust } from '../secret/trust.ts';
import { planRecord } from './record-plan.ts';

const handlers = createHandlers();
const oldKey = { id: 'k1', secret: createSecretKey(Buffer.alloc(32, 1)) };
const newKey = { id: 'k2', secret: createSecretKey(Buffer.alloc(32, 2)) };
const trustWith = (...keys: (typeof oldKey)[]) =>
  new RecordTrust({
    readers: handlers,
    keys: () => keys,
    scope: { mainProject: 'main', kafkaPools: ['dev'] },
    acceptUnsigned: true,
  });
const trust = trustWith(oldKey);
const place = { namespace: 'shop', name: 'orders-aiven' };
const kafka = { 'kafka.aiven.nais.io/serviceUser': 'shop_orders_1_AAA', 'kafka.aiven.nais.io/pool': 'dev' };
const common = {
  labels: { type: 'aivenator.aiven.nais.io', app: 'orders' },
  annotations: { 'aivenator.aiven.nais.io/owner': 'shop/orders' },
};
const declared = [{ secretName: 'orders-aiven', entries: readEntries(handlers, kafka) }];
const signed = (annotations: Record<string, string>, by = trust) => by.sign(place, annotations) ?? {};
const existing = (changes: Partial<NonNullable<V1Secret['metadata']>> = {}): V1Secret => ({
  metadata: {
    ...place,
    labels: { ...common.labels, 'example.com/theirs': 'x' },
    annotations: { ...signed({ ...common.annotations, ...kafka }), 'example.com/theirs': 'x' },
    finalizers: ['aivenator.aiven.nais.io/finalizer'],
    ...changes,
  },
});
const plan = (secret: V1Secret | undefined, by = trust) =>
  planRecord(handlers, {
    state: { name: 'orders-aiven', existing: secret },
    declared,
    unsettled: new Set(),
    common,
    now: new Date('2026-11-24T12:00:00Z'),
    namespace: 'shop',
    trust: by,
  });
const retiredOf = (annotations: Record<string, string>) => annotations['aivenator.aiven.nais.io/retired-users'];

describe('planRecord', () => {
  test('records every declared entry with the common annotations, signed', () => {
    const planned = plan(undefined);
    expect(planned).toEqual({ annotations: signed({ ...kafka, ...common.annotations }), write: true });
    expect(trust.of({ metadata: { ...place, annotations: planned.annotations } }).signature).toBe('current');
  });

  test('writes nothing when the secret already records exactly this, signed (a retry of the same generation)', () => {
    expect(plan(existing()).write).toBe(false);
  });

  test.each([
    { name: 'a finalizer missing', secret: existing({ finalizers: [] }) },
    { name: 'a label changed', secret: existing({ labels: { type: 'aivenator.aiven.nais.io', app: 'other' } }) },
    {
      name: 'another user recorded',
      secret: existing({ annotations: signed({ ...kafka, 'kafka.aiven.nais.io/serviceUser': 'B' }) }),
    },
    { name: 'no signature (a secret nais/aivenator wrote)', secret: existing({ annotations: { ...kafka } }) },
  ])('writes when the secret differs: $name', ({ secret }) => {
    expect(plan(secret).write).toBe(true);
  });

  test('signs again with the newest key a record an older key signed', () => {
    const planned = plan(existing(), trustWith(oldKey, newKey));
    expect(planned.write).toBe(true);
    expect(planned.annotations['aivenator.aiven.nais.io/record-signature']).toMatch(/^v1:k2:/);
  });

  test("never carries a user a tenant added to the record into the signed one's retired users", () => {
    const forged = {
      'kafka.aiven.nais.io/serviceUser': 'other-team_their-app_0badc0de_AAA',
      'kafka.aiven.nais.io/pool': 'dev',
    };
    const tampered = existing({ annotations: { ...signed({ ...common.annotations, ...kafka }), ...forged } });
    expect(retiredOf(plan(tampered).annotations)).toBeUndefined();
    const legacy = existing({ annotations: { ...common.annotations, ...forged } });
    expect(retiredOf(plan(legacy).annotations)).toBeUndefined();
  });

  test("carries the replaced user of an unsigned record when it is named after the secret's namespace and app", () => {
    // kafkaServiceUserName('shop', 'orders', 'BBB'): the checksum is crc32('shoporders').
    const derived = { ...kafka, 'kafka.aiven.nais.io/serviceUser': 'shop_orders_a8014b20_BBB' };
    const legacy = existing({ annotations: { ...common.annotations, ...derived } });
    expect(retiredOf(plan(legacy).annotations)).toContain(derived['kafka.aiven.nais.io/serviceUser']);
  });

  test('refuses to record without a key', () => {
    expect(() => plan(undefined, trustWith())).toThrow('record key ring holds no usable key');
  });
});

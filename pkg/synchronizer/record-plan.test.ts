import { describe, expect, test } from '@jest/globals';
import type { V1Secret } from '@kubernetes/client-node';
import { createHandlers } from '../wiring/registry.ts';
import { readEntries } from '../secret/ledger.ts';
import { planRecord } from './record-plan.ts';

const handlers = createHandlers();
const kafka = { 'kafka.aiven.nais.io/serviceUser': 'shop_orders_1_AAA', 'kafka.aiven.nais.io/pool': 'dev' };
const common = {
  labels: { type: 'aivenator.aiven.nais.io', app: 'orders' },
  annotations: { 'aivenator.aiven.nais.io/owner': 'shop/orders' },
};
const declared = [{ secretName: 'orders-aiven', entries: readEntries(handlers, kafka) }];
const existing = (changes: Partial<NonNullable<V1Secret['metadata']>> = {}): V1Secret => ({
  metadata: {
    name: 'orders-aiven',
    labels: { ...common.labels, 'example.com/theirs': 'x' },
    annotations: { ...common.annotations, ...kafka, 'example.com/theirs': 'x' },
    finalizers: ['aivenator.aiven.nais.io/finalizer'],
    ...changes,
  },
});
const plan = (secret: V1Secret | undefined) =>
  planRecord(handlers, {
    state: { name: 'orders-aiven', existing: secret },
    declared,
    unsettled: new Set(),
    common,
    now: new Date('2026-11-24T12:00:00Z'),
  });

describe('planRecord', () => {
  test('records every declared entry with the common annotations', () => {
    expect(plan(undefined)).toEqual({ annotations: { ...kafka, ...common.annotations }, write: true });
  });

  test('writes nothing when the secret already records exactly this (a retry of the same generation)', () => {
    expect(plan(existing()).write).toBe(false);
  });

  test.each([
    { name: 'a finalizer missing', secret: existing({ finalizers: [] }) },
    { name: 'a label changed', secret: existing({ labels: { type: 'aivenator.aiven.nais.io', app: 'other' } }) },
    {
      name: 'another user recorded',
      secret: existing({ annotations: { ...kafka, 'kafka.aiven.nais.io/serviceUser': 'B' } }),
    },
  ])('writes when the secret differs: $name', ({ secret }) => {
    expect(plan(secret).write).toBe(true);
  });
});

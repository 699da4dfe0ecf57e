import { describe, expect, test } from '@jest/globals';
import type { AivenApplication } from '../api/aiven-application.ts';
import { ownershipOf } from './ownership.ts';

const app = {
  apiVersion: 'aiven.nais.io/v1',
  kind: 'AivenApplication',
  metadata: { name: 'orders', namespace: 'shop' },
  spec: {},
} as AivenApplication;
const managed = { type: 'aivenator.aiven.nais.io' };

describe('ownershipOf', () => {
  test.each([
    { name: 'no secret', existing: undefined, expected: { kind: 'free' } },
    {
      name: 'our own secret',
      existing: { labels: managed, annotations: { 'aivenator.aiven.nais.io/owner': 'shop/orders' } },
      expected: { kind: 'ours' },
    },
    {
      name: "aivenator's secret for this app (no owner annotation yet)",
      existing: { labels: { ...managed, app: 'orders' } },
      expected: { kind: 'ours' },
    },
    {
      name: "another app's secret",
      existing: { labels: managed, annotations: { 'aivenator.aiven.nais.io/owner': 'shop/payments' } },
      expected: { kind: 'taken', by: 'shop/payments' },
    },
    {
      name: "another app's legacy secret",
      existing: { labels: { ...managed, app: 'payments' } },
      expected: { kind: 'taken', by: 'app payments' },
    },
    {
      name: 'an unmanaged secret, even with our app label',
      existing: { labels: { app: 'orders' } },
      expected: { kind: 'taken', by: 'a secret aivenator does not manage' },
    },
  ])('treats $name as $expected.kind', ({ existing, expected }) => {
    expect(ownershipOf(existing, app)).toEqual(expected);
  });
});

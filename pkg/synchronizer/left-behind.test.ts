import { describe, expect, test } from '@jest/globals';
import type { V1Secret } from '@kubernetes/client-node';
import type { TrustedRecord } from '../secret/trust.ts';
import { planLeftBehind } from './left-behind.ts';

const now = Date.parse('2026-11-24T12:00:00Z');
const hour = 3_600_000;
const retired = (at: string) =>
  JSON.stringify([{ annotations: { 'kafka.aiven.nais.io/serviceUser': 'shop_orders_old' }, retiredAt: at }]);

const aSecret = (name: string, annotations: Record<string, string>, deleting = false): V1Secret => ({
  metadata: {
    name,
    namespace: 'shop',
    labels: { type: 'aivenator.aiven.nais.io', app: 'orders' },
    annotations: { 'aivenator.aiven.nais.io/owner': 'shop/orders', ...annotations },
    ...(deleting ? { deletionTimestamp: new Date(now) } : {}),
  },
});
const trusted = (secret: V1Secret): TrustedRecord => ({
  signature: 'current',
  annotations: secret.metadata?.annotations ?? {},
  refused: [],
});
const plan = (secrets: V1Secret[]) =>
  planLeftBehind({
    app: { namespace: 'shop', name: 'orders' },
    secrets,
    record: trusted,
    now,
    userGracePeriodMs: hour,
  });
const due = { 'aivenator.aiven.nais.io/retired-users': retired('2026-11-24T10:00:00Z') };
const pending = { 'aivenator.aiven.nais.io/retired-users': retired('2026-11-24T11:30:00Z') };

describe("a deleted app's kept secrets", () => {
  test.each([
    { name: 'a replaced user past its grace is due', secrets: [aSecret('kept', due)], retire: ['kept'] },
    {
      name: 'one within its grace is looked at when it ends',
      secrets: [aSecret('kept', pending)],
      retire: [],
      requeueAfterMs: hour / 2,
    },
    { name: 'nothing replaced: nothing to do', secrets: [aSecret('kept', {})], retire: [] },
    { name: 'a secret being deleted is its cleanup’s', secrets: [aSecret('going', due, true)], retire: [] },
    {
      name: "another app's secret is not this app's",
      secrets: [
        {
          ...aSecret('theirs', due),
          metadata: {
            ...aSecret('theirs', due).metadata,
            annotations: { ...due, 'aivenator.aiven.nais.io/owner': 'shop/payments' },
          },
        },
      ],
      retire: [],
    },
  ])('$name', ({ secrets, retire, requeueAfterMs }) => {
    const result = plan(secrets);
    expect(result.retire.map((r) => r.secret.metadata?.name)).toEqual(retire);
    expect(result.requeueAfterMs).toBe(requeueAfterMs);
  });
});

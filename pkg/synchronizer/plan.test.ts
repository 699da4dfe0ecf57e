import { createSecretKey } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import type { V1Secret } from '@kubernetes/client-node';
import type { AivenApplication } from '../api/aiven-application.ts';
import { createHandlers } from '../wiring/registry.ts';
import { RecordTrust } from '../secret/trust.ts';
import { specHash } from './hash.ts';
import { maxRequeueMs, planSync, type SyncView } from './plan.ts';

const keys = [{ id: 'k1', secret: createSecretKey(Buffer.alloc(32, 1)) }];
const trust = new RecordTrust({
  readers: createHandlers(),
  keys: () => keys,
  scope: { mainProject: 'main', kafkaPools: ['dev'] },
  acceptUnsigned: true,
});
const signed = (annotations: Record<string, string>) =>
  trust.sign({ namespace: 'shop', name: 'orders-aiven' }, annotations) ?? {};
const now = Date.parse('2026-11-24T12:00:00Z');
const hour = 3_600_000;
const spec = { secretName: 'orders-aiven', kafka: { pool: 'dev' } };
const anApp = (changes: Partial<AivenApplication> = {}, extra: Partial<AivenApplication['spec']> = {}) =>
  ({
    apiVersion: 'aiven.nais.io/v1',
    kind: 'AivenApplication',
    metadata: { name: 'orders', namespace: 'shop', uid: 'u1' },
    spec: { ...spec, ...extra },
    ...changes,
  }) as AivenApplication;
const synced = (extra: Partial<AivenApplication['spec']> = {}) =>
  anApp({ status: { synchronizationHash: specHash({ ...spec, ...extra }) } }, extra);
const retiredAt = (at: string) =>
  JSON.stringify([
    { annotations: { 'kafka.aiven.nais.io/serviceUser': 'old', 'kafka.aiven.nais.io/pool': 'dev' }, retiredAt: at },
  ]);
const aSecret = (annotations: Record<string, string> = {}, deleting = false, sign = signed): V1Secret => ({
  metadata: {
    name: 'orders-aiven',
    namespace: 'shop',
    labels: { type: 'aivenator.aiven.nais.io' },
    annotations: sign({ 'aivenator.aiven.nais.io/owner': 'shop/orders', ...annotations }),
    ...(deleting ? { deletionTimestamp: new Date(now) } : {}),
  },
});

const viewOf = (
  app: AivenApplication,
  secret?: V1Secret,
  remembered?: string,
  others: readonly V1Secret[] = [],
): SyncView => ({
  app,
  now,
  handlers: createHandlers().filter((h) => h.requested(app)),
  cached: (name) => (name === 'orders-aiven' ? secret : undefined),
  managedInNamespace: () => [...(secret ? [secret] : []), ...others],
  record: (s) => trust.of(s),
  remembered,
  userGracePeriodMs: hour,
});

describe('planSync', () => {
  test.each([
    {
      name: 'an expired app is deleted',
      view: viewOf(anApp({}, { expiresAt: '2026-11-24T11:00:00Z' }), aSecret()),
      expected: { action: 'delete-expired' },
    },
    {
      name: 'an app whose secret is being deleted waits',
      view: viewOf(anApp(), aSecret({}, true)),
      expected: { action: 'wait-for-deletion', secretName: 'orders-aiven' },
    },
    {
      name: 'a synchronized spec with its secret is left alone, with no look planned',
      view: viewOf(synced(), aSecret()),
      expected: { action: 'up-to-date', retire: [] },
    },
    {
      name: 'the hash this process remembers counts as synchronized',
      view: viewOf(anApp(), aSecret(), specHash(spec)),
      expected: { action: 'up-to-date', retire: [] },
    },
    {
      name: 'a synchronized spec whose secret is gone is synchronized, and looked at after the grace period',
      view: viewOf(synced()),
      expected: { action: 'synchronize', requeueAfterMs: hour, reason: 'MissingSecret' },
    },
    {
      name: 'a new spec is synchronized',
      view: viewOf(anApp(), aSecret()),
      expected: { action: 'synchronize', targets: ['orders-aiven'], requeueAfterMs: hour, reason: 'HashChanged' },
    },
    {
      name: 'an up-to-date app is looked at again when a replaced user is due',
      view: viewOf(synced(), aSecret({ 'aivenator.aiven.nais.io/retired-users': retiredAt('2026-11-24T11:30:00Z') })),
      expected: { action: 'up-to-date', retire: [], requeueAfterMs: hour / 2 },
    },
    {
      name: 'a protected app that expires is looked at when it expires',
      view: viewOf(synced({ expiresAt: '2026-11-24T13:00:00Z' }), aSecret()),
      expected: { action: 'up-to-date', requeueAfterMs: hour + 1000 },
    },
    {
      name: 'an expiry further than a day ahead is looked at after a day',
      view: viewOf(synced({ expiresAt: '2026-12-24T13:00:00Z' }), aSecret()),
      expected: { action: 'up-to-date', requeueAfterMs: maxRequeueMs },
    },
  ])('$name', ({ view, expected }) => {
    expect(planSync(view)).toMatchObject(expected);
  });

  test('plans the deletion of replaced users whose grace is over, on secrets the app owns only', () => {
    const due = aSecret({ 'aivenator.aiven.nais.io/retired-users': retiredAt('2026-11-24T10:00:00Z') });
    const plan = planSync(viewOf(synced(), due));
    expect(plan).toMatchObject({ action: 'up-to-date' });
    if (plan.action !== 'up-to-date') return;
    expect(plan.retire.map((r) => r.plan.due.length)).toEqual([1]);
    expect(plan.requeueAfterMs).toBeUndefined();

    const othersSecret = {
      ...due,
      metadata: {
        ...due.metadata,
        annotations: { ...due.metadata?.annotations, 'aivenator.aiven.nais.io/owner': 'shop/payments' },
      },
    };
    expect(planSync(viewOf(synced(), othersSecret))).toMatchObject({ action: 'up-to-date', retire: [] });
  });

  test('plans the deletion of replaced users on a secret the app owns but no longer asks for, when their grace ends', () => {
    const signedAsOld = (a: Record<string, string>) =>
      trust.sign({ namespace: 'shop', name: 'orders-aiven-old' }, a) ?? {};
    const renamed = (annotations: Record<string, string>, deleting = false) => {
      const secret = aSecret(annotations, deleting, signedAsOld);
      return { ...secret, metadata: { ...secret.metadata, name: 'orders-aiven-old' } };
    };
    const dueOnKept = renamed({ 'aivenator.aiven.nais.io/retired-users': retiredAt('2026-11-24T10:00:00Z') });
    const plan = planSync(viewOf(synced(), aSecret(), undefined, [dueOnKept]));
    expect(plan).toMatchObject({ action: 'up-to-date' });
    if (plan.action !== 'up-to-date') return;
    expect(plan.retire.map((r) => [r.secret.metadata?.name, r.plan.due.length])).toEqual([['orders-aiven-old', 1]]);

    const pendingOnKept = renamed({ 'aivenator.aiven.nais.io/retired-users': retiredAt('2026-11-24T11:30:00Z') });
    expect(planSync(viewOf(synced(), aSecret(), undefined, [pendingOnKept]))).toMatchObject({
      action: 'up-to-date',
      retire: [],
      requeueAfterMs: hour / 2,
    });
    const terminating = renamed({ 'aivenator.aiven.nais.io/retired-users': retiredAt('2026-11-24T10:00:00Z') }, true);
    expect(planSync(viewOf(synced(), aSecret(), undefined, [terminating]))).toMatchObject({ retire: [] });
  });

  test("plans no deletion of a retired user an unsigned record names that is not the namespace's", () => {
    const forged = aSecret(
      { 'aivenator.aiven.nais.io/retired-users': retiredAt('2026-11-24T10:00:00Z') },
      false,
      (a) => a,
    );
    expect(planSync(viewOf(synced(), forged))).toMatchObject({ action: 'up-to-date', retire: [], resign: [] });
  });

  test('plans to sign again, and only that, a record an older key signed', () => {
    const secret = aSecret();
    keys.push({ id: 'k2', secret: createSecretKey(Buffer.alloc(32, 2)) });
    try {
      expect(planSync(viewOf(synced(), secret))).toMatchObject({
        action: 'up-to-date',
        retire: [],
        resign: [{ secret, annotations: secret.metadata?.annotations }],
      });
    } finally {
      keys.pop();
    }
  });

  test('renews an expiring credential two thirds into its life: looks then, and synchronizes once it is due', () => {
    const kubernetes = {
      tokenTTL: '3h',
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get' as const] }],
    };
    const expiringAt = (at: string): V1Secret => ({
      ...aSecret(),
      data: { KUBERNETES_TOKEN_EXPIRES_AT: Buffer.from(at).toString('base64') },
    });
    const fresh = planSync(viewOf(synced({ kubernetes }), expiringAt('2026-11-24T14:00:00Z')));
    expect(fresh).toMatchObject({ action: 'up-to-date', requeueAfterMs: hour });
    const due = planSync(viewOf(synced({ kubernetes }), expiringAt('2026-11-24T12:30:00Z')));
    expect(due).toMatchObject({ action: 'synchronize', reason: 'CredentialRenewal' });
  });

  test('reports an up-to-date app whose status another controller wrote, once, and only by the status', () => {
    const hash = specHash(spec);
    const withStatus = (status: NonNullable<AivenApplication['status']>, generation = 3) =>
      anApp({ metadata: { name: 'orders', namespace: 'shop', uid: 'u1', generation }, status });
    const ready = (observedGeneration: number, status: 'True' | 'False' = 'True') => ({
      type: 'Ready',
      status,
      reason: 'Synchronized',
      message: 'in place',
      lastTransitionTime: '2026-11-24T11:00:00Z',
      observedGeneration,
    });
    const report = (app: AivenApplication, remembered?: string) => planSync(viewOf(app, aSecret(), remembered));
    // nais/aivenator's status: its own conditions, no Ready.
    const goConditions = [{ type: 'Succeeded', status: 'True' as const, lastUpdateTime: '2026-11-24T10:00:00Z' }];
    expect(report(withStatus({ synchronizationHash: hash, conditions: goConditions }))).toMatchObject({
      action: 'up-to-date',
      report: true,
    });
    expect(report(withStatus({ synchronizationHash: hash, conditions: [ready(3)] }))).not.toHaveProperty('report');
    expect(report(withStatus({ synchronizationHash: hash, conditions: [ready(2)] }))).toMatchObject({ report: true });
    expect(report(withStatus({ synchronizationHash: hash, conditions: [ready(3, 'False')] }))).toMatchObject({
      report: true,
    });
    // Right after this process synchronized, the cache may still hold the status from before: no second write.
    expect(report(withStatus({ synchronizationHash: 'older', conditions: goConditions }), hash)).not.toHaveProperty(
      'report',
    );
  });
});

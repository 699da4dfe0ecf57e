import { createSecretKey } from 'node:crypto';
import { describe, expect, test } from '@jest/globals';
import { createHandlers } from '../wiring/registry.ts';
import { keyRingOf, signRecord, type RecordKey } from './signature.ts';
import { RecordTrust } from './trust.ts';

const k1: RecordKey = { id: 'k20260101T000000Z', secret: createSecretKey(Buffer.alloc(32, 1)) };
const k2: RecordKey = { id: 'k20270101T000000Z', secret: createSecretKey(Buffer.alloc(32, 2)) };
const trustOf = (keys: RecordKey[], acceptUnsigned = true) =>
  new RecordTrust({
    readers: createHandlers(),
    keys: () => keys,
    scope: { mainProject: 'main', kafkaPools: ['pool'] },
    acceptUnsigned,
  });
const place = { namespace: 'shop', name: 'orders-aiven' };
const kafka = (user: string, pool = 'pool') => ({
  'kafka.aiven.nais.io/serviceUser': user,
  'kafka.aiven.nais.io/pool': pool,
});
const postgres = (user: string, project = 'main') => ({
  'postgres.aiven.nais.io/serviceName': 'shop-db',
  'postgres.aiven.nais.io/serviceUser': user,
  'postgres.aiven.nais.io/project': project,
});
const valkey = (service: string, user: string) => ({
  'valkey.aiven.nais.io/project': 'main',
  [`${service}.valkey.aiven.nais.io/serviceName`]: service,
  [`${service}.valkey.aiven.nais.io/serviceUser`]: user,
});
const openSearch = (user: string) => ({
  'opensearch.aiven.nais.io/serviceName': 'opensearch-shop-logs',
  'opensearch.aiven.nais.io/serviceUser': user,
  'opensearch.aiven.nais.io/project': 'main',
});
const owner = { 'aivenator.aiven.nais.io/owner': 'shop/orders' };
const secretWith = (annotations: Record<string, string>, where = place) => ({
  metadata: { ...where, labels: { app: 'orders' }, annotations },
});
const ids = (record: { refused: readonly { id: string }[] }) => record.refused.map((entry) => entry.id);

// Named as the handlers name the users of app `orders` in namespace `shop` (checksums of the two names).
const ours = {
  kafka: 'shop_orders_a8014b20_AAA',
  postgres: 'shop_orders_8ce50b47_AAA',
  valkey: 'orders-r-AAA',
  openSearch: 'shop-rw-AAA',
};

describe('RecordTrust: signed records', () => {
  const record = { ...owner, ...kafka('other-team_their-app_f2dc1fc8_AAA') };

  test('a record the controller signed is trusted in full, whatever users it names', () => {
    const trusted = trustOf([k1]).of(secretWith(signRecord(k1, place, record)));
    expect(trusted).toMatchObject({ signature: 'current', refused: [] });
    expect(trusted.annotations).toMatchObject(record);
  });

  test('a record signed with a key that is no longer the newest still verifies, to be signed again', () => {
    expect(trustOf([k1, k2]).of(secretWith(signRecord(k1, place, record))).signature).toBe('older-key');
  });

  test.each([
    { name: 'copied to another secret', secret: secretWith(signRecord(k1, place, record), { ...place, name: 'x' }) },
    {
      name: 'copied to another namespace',
      secret: secretWith(signRecord(k1, place, record), { ...place, namespace: 'x' }),
    },
    {
      name: 'edited after signing',
      secret: secretWith({ ...signRecord(k1, place, record), 'aivenator.aiven.nais.io/owner': 'shop/other' }),
    },
    { name: 'signed with a key not in the ring', secret: secretWith(signRecord(k2, place, record)) },
    {
      name: 'signed in a format never written',
      secret: secretWith({ ...record, 'aivenator.aiven.nais.io/record-signature': 'v1:k1' }),
    },
  ])('a record $name does not verify, and only what derives from its namespace is trusted', ({ secret }) => {
    const trusted = trustOf([k1]).of(secret);
    expect(trusted.signature).toBe('invalid');
    expect(trusted.why).toBeDefined();
    expect(ids(trusted)).toEqual(['kafka/pool/other-team_their-app_f2dc1fc8_AAA']);
    expect(trusted.annotations['kafka.aiven.nais.io/serviceUser']).toBeUndefined();
  });

  test('an entry added after signing is outside the signature: refused, the rest still trusted', () => {
    const trusted = trustOf([k1]).of(secretWith({ ...signRecord(k1, place, owner), ...record }));
    expect(trusted.signature).toBe('current');
    expect(ids(trusted)).toEqual(['kafka/pool/other-team_their-app_f2dc1fc8_AAA']);
    expect(trusted.annotations['kafka.aiven.nais.io/serviceUser']).toBeUndefined();
    expect(trusted.annotations['aivenator.aiven.nais.io/owner']).toBe('shop/orders');
  });

  test("annotations that are not aivenator's do not count: others may add theirs", () => {
    const secret = secretWith({ ...signRecord(k1, place, record), 'example.com/note': 'x' });
    expect(trustOf([k1]).of(secret).signature).toBe('current');
  });
});

describe('RecordTrust: unsigned records (nais/aivenator wrote them, or their key was lost)', () => {
  test.each([
    { name: 'a Kafka user of the app', annotations: kafka(ours.kafka) },
    { name: 'a PostgreSQL user of the app', annotations: postgres(ours.postgres) },
    {
      name: "a Valkey user of the app on the namespace's instance",
      annotations: valkey('valkey-shop-cache', ours.valkey),
    },
    { name: 'an OpenSearch user of the namespace', annotations: openSearch(ours.openSearch) },
  ])('trusts $name', ({ annotations }) => {
    const trusted = trustOf([k1]).of(secretWith({ ...owner, ...annotations }));
    expect(trusted).toMatchObject({ signature: 'unsigned', refused: [] });
    expect(trusted.annotations).toEqual({ ...owner, ...annotations });
  });

  test.each([
    { name: "another team's Kafka user", annotations: kafka('other-team_their-app_f2dc1fc8_AAA') },
    { name: "the app's Kafka user name in a pool not served", annotations: kafka(ours.kafka, 'elsewhere') },
    { name: 'a Kafka user of another app', annotations: kafka('shop_payments_a8014b20_AAA') },
    { name: "another namespace's PostgreSQL user", annotations: postgres('other_orders_384117dd_AAA') },
    { name: 'a PostgreSQL user in another project', annotations: postgres(ours.postgres, 'theirs') },
    { name: "a user on another namespace's Valkey", annotations: valkey('valkey-other-cache', ours.valkey) },
    { name: "another namespace's OpenSearch user", annotations: openSearch('other-rw-AAA') },
  ])('refuses $name', ({ annotations }) => {
    const trusted = trustOf([k1]).of(secretWith({ ...owner, ...annotations }));
    expect(trusted.refused).toHaveLength(1);
    expect(trusted.annotations).toEqual(owner);
  });

  test('keeps the trusted users, and the keys they share, when it refuses others', () => {
    const mixed = {
      ...owner,
      ...valkey('valkey-shop-cache', ours.valkey),
      ...valkey('valkey-other-cache', 'orders-r-BBB'),
      ...kafka(ours.kafka),
    };
    const trusted = trustOf([k1]).of(secretWith(mixed));
    expect(ids(trusted)).toEqual(['valkey/main/valkey-other-cache/orders-r-BBB']);
    expect(trusted.annotations).toEqual({
      ...owner,
      ...valkey('valkey-shop-cache', ours.valkey),
      ...kafka(ours.kafka),
    });
  });

  test('drops a retired user that is not the namespace’s, keeps one that is', () => {
    const retired = [
      { annotations: kafka('shop_orders_a8014b20_BBB'), retiredAt: '2026-01-01T00:00:00Z' },
      { annotations: kafka('other-team_their-app_f2dc1fc8_BBB'), retiredAt: '2026-01-01T00:00:00Z' },
    ];
    const secret = secretWith({ ...owner, 'aivenator.aiven.nais.io/retired-users': JSON.stringify(retired) });
    const trusted = trustOf([k1]).of(secret);
    expect(ids(trusted)).toEqual(['kafka/pool/other-team_their-app_f2dc1fc8_BBB']);
    expect(JSON.parse(trusted.annotations['aivenator.aiven.nais.io/retired-users'] ?? '[]')).toEqual([retired[0]]);
  });

  test("the owner annotation naming another namespace does not make that namespace's users trusted", () => {
    const secret = secretWith({
      'aivenator.aiven.nais.io/owner': 'other/orders',
      ...postgres('other_orders_384117dd_AAA'),
    });
    expect(trustOf([k1]).of(secret).refused).toHaveLength(1);
  });

  test('with unsigned records refused, nothing of them is trusted', () => {
    expect(trustOf([k1], false).of(secretWith({ ...owner, ...kafka(ours.kafka) })).refused).toHaveLength(1);
  });
});

describe('the key ring', () => {
  test('uses keys of at least 32 bytes, names the others, signs with the greatest id', () => {
    const ring = keyRingOf({ a: Buffer.alloc(32).toString('base64'), short: Buffer.alloc(16).toString('base64') });
    expect(ring.tooShort).toEqual(['short']);
    expect(ring.keys.map(({ id, secret }) => [id, secret.export()])).toEqual([['a', Buffer.alloc(32)]]);
    const signed = trustOf([k2, k1]).sign(place, owner);
    expect(signed?.['aivenator.aiven.nais.io/record-signature']).toMatch(
      /^v1:k20270101T000000Z:[\w-]{43}:aivenator\.aiven\.nais\.io\/owner$/,
    );
    expect(trustOf([]).sign(place, owner)).toBeUndefined();
  });
});

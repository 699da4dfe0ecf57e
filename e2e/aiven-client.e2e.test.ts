// The Aiven client against the simulator over real HTTP: every operation the handlers need, both ends generated
// from and validated against pkg/aiven/openapi.yaml.
import { describe, expect, test } from '@jest/globals';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { AivenNotFoundError, AivenPermanentError } from '../pkg/aiven/errors.ts';
import { resolveKafkaService } from '../handlers/kafka/service.ts';
import { loadFixtures } from '../sim/fixtures.ts';
import { adminToken, defaultFixturePath, newTestClient, useAivenSimulator } from './support/aiven.ts';

const signal = new AbortController().signal;
const project = 'dev-nais-dev';
const kafka = { project, service: 'kafka' };
const valkey = { project, service: 'valkey-team-a-sessions' };
const pg = { project, service: 'pg-team-a' };
const opensearch = { project, service: 'opensearch-team-a-logs' };

const valkeyRead = {
  valkey_acl_categories: ['-@all', '+@connection', '+@scripting', '+@pubsub', '+@transaction', '+@read'],
  valkey_acl_commands: ['+info', '+cluster|slots'],
  valkey_acl_keys: ['*'],
  valkey_acl_channels: ['*'],
};

describe('the Aiven client against the simulator', () => {
  const harness = useAivenSimulator();
  const client = () => newTestClient(harness.sim).client;

  test('lists the projects a token may use', async () => {
    expect(await client().listProjects(signal)).toEqual(['dev-nais-dev', 'nav-prod']);
    expect(await newTestClient(harness.sim, 'sim-dev-only-token').client.listProjects(signal)).toEqual([project]);
  });

  test('creates a Kafka user whose certificate the project CA signed and whose key matches it', async () => {
    const aiven = client();
    const { user } = await aiven.createServiceUser(
      { ...kafka, username: 'shop_orders_1a2b3c4d_P16' },
      undefined,
      signal,
    );
    const ca = new X509Certificate(await aiven.getProjectCa(project, signal));
    const certificate = new X509Certificate(user.access_cert ?? '');
    expect(certificate.verify(ca.publicKey)).toBe(true);
    expect(certificate.checkPrivateKey(createPrivateKey(user.access_key ?? ''))).toBe(true);
    expect(user.password).toMatch(/^AVNS_/);
  });

  test('reads a service with credentials, and its connection without them', async () => {
    const aiven = client();
    const service = await aiven.getService(pg, signal);
    expect(service.service_uri_params?.password).toMatch(/^AVNS_/);
    expect(service.users?.map((u) => u.username)).toContain('avnadmin');
    expect(service.connection_info).toMatchObject({
      pg: [service.service_uri],
      pg_params: [{ dbname: 'defaultdb', sslmode: 'require' }],
    });
    const connection = await aiven.getServiceConnection(pg, signal);
    expect(connection).toMatchObject({
      serviceType: 'pg',
      state: 'RUNNING',
      uriParams: { dbname: 'defaultdb', sslmode: 'require' },
    });
    expect(JSON.stringify(connection)).not.toContain('AVNS_');
    expect(
      (await aiven.getServiceConnection(valkey, signal)).components.map((c) => `${c.component}/${c.usage}`),
    ).toEqual(['valkey/primary', 'valkey/replica']);
  });

  test('creates, reads, changes, resets and deletes a Valkey user, echoing its access control exactly', async () => {
    const aiven = client();
    const ref = { ...valkey, username: 'orders-r-3D_' };
    const { user: created } = await aiven.createServiceUser(ref, valkeyRead, signal);
    expect(created.access_control).toEqual(valkeyRead);
    expect((await aiven.getServiceUser(ref, signal))?.password).toBe(created.password);

    const readwrite = { ...valkeyRead, valkey_acl_categories: [...valkeyRead.valkey_acl_categories, '+@write'] };
    await aiven.setServiceUserAccessControl(ref, readwrite, signal);
    expect((await aiven.getServiceUser(ref, signal))?.access_control).toEqual(readwrite);

    await aiven.resetServiceUserCredentials(ref, signal);
    expect((await aiven.getServiceUser(ref, signal))?.password).not.toBe(created.password);

    expect(await aiven.deleteServiceUser(ref, signal)).toBe('deleted');
    expect(await aiven.deleteServiceUser(ref, signal)).toBe('absent');
    expect(await aiven.getServiceUser(ref, signal)).toBeUndefined();
  });

  test('returns the existing user when a create finds the name taken (409)', async () => {
    const aiven = client();
    const ref = { ...valkey, username: 'taken-rw-P16' };
    const first = await aiven.createServiceUser(ref, undefined, signal);
    const second = await aiven.createServiceUser(ref, undefined, signal);
    expect(first.existed).toBe(false);
    expect(second.existed).toBe(true);
    expect(second.user.password).toBe(first.user.password);
    expect(harness.sim.count('ServiceUserCreate')).toBe(2);
  });

  test('escapes user names with dots, upper case and underscores in paths', async () => {
    const aiven = client();
    const ref = { ...opensearch, username: 'Team.A_app-r-x/Y' };
    await aiven.createServiceUser(ref, undefined, signal);
    expect((await aiven.getServiceUser(ref, signal))?.username).toBe('Team.A_app-r-x/Y');
    expect(await aiven.deleteServiceUser(ref, signal)).toBe('deleted');
  });

  test('adds a Kafka ACL entry once however often it is ensured, and removes it', async () => {
    const aiven = client();
    const entry = { username: 'shop_orders_*', topic: 'shop.orders-*', permission: 'readwrite' as const };
    const added = await aiven.ensureKafkaAcl(kafka, entry, signal);
    expect(await aiven.ensureKafkaAcl(kafka, entry, signal)).toEqual(added);
    expect((await aiven.listKafkaAcls(kafka, signal)).filter((a) => a.username === entry.username)).toHaveLength(1);
    expect(await aiven.removeKafkaAcl(kafka, entry, signal)).toBe('deleted');
    expect(await aiven.removeKafkaAcl(kafka, entry, signal)).toBe('absent');
    expect(await aiven.listKafkaAcls(kafka, signal)).toEqual([expect.objectContaining({ username: 'avnadmin' })]);
  });

  test('reads and replaces the OpenSearch ACL configuration', async () => {
    const aiven = client();
    expect(await aiven.getOpenSearchAcl(opensearch, signal)).toEqual({ acls: [], enabled: false });
    const config = {
      enabled: true,
      acls: [
        {
          username: 'team-a-r-3D_',
          rules: [
            { index: '_*', permission: 'read' as const },
            { index: '*', permission: 'read' as const },
          ],
        },
      ],
    };
    expect(await aiven.updateOpenSearchAcl(opensearch, config, signal)).toEqual(config);
    expect(await aiven.getOpenSearchAcl(opensearch, signal)).toEqual(config);
  });

  test('creates and deletes PostgreSQL databases, both safe to repeat', async () => {
    const aiven = client();
    expect(await aiven.ensureDatabase(pg, 'checkout', signal)).toBe('created');
    expect(await aiven.ensureDatabase(pg, 'checkout', signal)).toBe('exists');
    expect(await aiven.listDatabases(pg, signal)).toEqual(['defaultdb', 'orders', 'checkout']);
    expect(await aiven.deleteDatabase(pg, 'checkout', signal)).toBe('deleted');
    expect(await aiven.deleteDatabase(pg, 'checkout', signal)).toBe('absent');
  });

  test('classifies what Aiven refuses, without the token in any message', async () => {
    const aiven = client();
    await expect(aiven.getService({ project, service: 'nope' }, signal)).rejects.toBeInstanceOf(AivenNotFoundError);
    const scoped = newTestClient(harness.sim, 'sim-dev-only-token').client;
    await expect(scoped.getProjectCa('nav-prod', signal)).rejects.toMatchObject({
      status: 403,
      reason: 'AivenTokenRejected',
    });
    const unknown = newTestClient(harness.sim, 'not-a-token').client;
    const refused = await unknown.listProjects(signal).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(AivenPermanentError);
    expect((refused as Error).message).not.toContain('not-a-token');
  });

  test('answers an invalid request with Aiven error shape and status 400', async () => {
    const response = await fetch(`${harness.sim.url}/v1/project/${project}/service/kafka/user?limit=999`, {
      method: 'POST',
      headers: { authorization: `aivenv1 ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'no-username' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      message: expect.stringContaining('username'),
      errors: [{ status: 400 }],
    });
  });

  test('redacts passwords unless include_secrets=true, as Aiven does', async () => {
    const read = async (query: string) => {
      const response = await fetch(`${harness.sim.url}/v1/project/${project}/service/pg-team-a${query}`, {
        headers: { authorization: `aivenv1 ${adminToken}` },
      });
      return JSON.stringify(await response.json());
    };
    expect(await read('')).not.toContain('AVNS_');
    expect(await read('')).toContain('"password":"<redacted>"');
    expect(await read('?include_secrets=true')).toContain('AVNS_');
  });

  test('reads a project CA and a service connection once per TTL, however many callers', async () => {
    const aiven = client();
    await Promise.all(Array.from({ length: 50 }, () => aiven.getProjectCa(project, signal)));
    for (let i = 0; i < 50; i++) await aiven.getServiceConnection(kafka, signal);
    expect(harness.sim.count('ProjectKmsGetCA')).toBe(1);
    expect(harness.sim.count('ServiceGet')).toBe(1);
  });

  test("finds a pool's Kafka named <pool>-kafka with two reads per TTL, the miss included, however many apps", async () => {
    const aiven = client();
    for (let i = 0; i < 20; i++) {
      const resolved = await resolveKafkaService(aiven, 'nav-prod', signal);
      expect(resolved.ref).toEqual({ project: 'nav-prod', service: 'nav-prod-kafka' });
    }
    expect(harness.sim.requests().map((r) => `${r.operation} ${String(r.status)}`)).toEqual([
      'ServiceGet 404',
      'ServiceGet 200',
    ]);
    // A missing service is still an error for those who need that very one.
    await expect(aiven.getServiceConnection({ project: 'nav-prod', service: 'kafka' }, signal)).rejects.toThrow(
      AivenNotFoundError,
    );
  });

  test('records a latency observation per operation and status', async () => {
    const { client: aiven, registry } = newTestClient(harness.sim);
    await aiven.getService(kafka, signal);
    await aiven.getService({ project, service: 'nope' }, signal).catch(() => undefined);
    const metrics = await registry.getMetricsAsJSON();
    const counts = metrics
      .find((m) => m.name === 'aivenator_aiven_request_duration_seconds')
      ?.values.filter((v) => 'metricName' in v && String(v.metricName).endsWith('_count'))
      .map((v) => `${String(v.labels.operation)} ${String(v.labels.code)} ${String(v.value)}`);
    expect(counts).toEqual(['ServiceGet 200 1', 'ServiceGet 404 1']);
  });
});

describe('the simulator with many databases', () => {
  const fixture = loadFixtures([defaultFixturePath]);
  const names = Array.from({ length: 300 }, (_, i) => `db${String(i).padStart(3, '0')}`);
  fixture.projects[0]?.services.push({ name: 'pg-big', type: 'pg', state: 'RUNNING', extras: true, databases: names });
  const harness = useAivenSimulator(fixture);

  test('pages through them with the cursor', async () => {
    const databases = await newTestClient(harness.sim).client.listDatabases({ project, service: 'pg-big' }, signal);
    expect(databases).toEqual(['defaultdb', ...names]);
    expect(harness.sim.count('ServiceDatabaseList')).toBe(2);
  });
});

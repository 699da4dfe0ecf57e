// The trust boundary against the real API server and the Aiven simulator: a tenant may write any secret of their own
// namespace, and nothing they write alone makes the controller delete another team's Aiven user or read another
// namespace's token. Records the controller signed clean up; so do nais/aivenator's unsigned ones, for the users named
// after their namespace and app; a rotated key ring keeps every record verifying; a lost one is replaced.
import { describe, expect, test } from '@jest/globals';
import type { V1Secret } from '@kubernetes/client-node';
import { aivenApplicationResource } from '../pkg/api/aiven-application.ts';
import { createApp } from './support/aiven-applications.ts';
import { kafkaApp, useSynchronizer } from './support/synchronizer.ts';
import { crc32 } from 'node:zlib';
import { waitFor } from '../testenv/wait.ts';

const { group, version, plural } = aivenApplicationResource;
const finalizer = 'aivenator.aiven.nais.io/finalizer';
const userKey = 'kafka.aiven.nais.io/serviceUser';
const signatureKey = 'aivenator.aiven.nais.io/record-signature';
const ringName = 'aivenator-record-keys';
const pool = 'dev-nais-dev';

describe('the trust boundary', () => {
  const harness = useSynchronizer();
  const soon = { timeoutMs: 20_000, intervalMs: 200 };
  const { core, custom, simulator, ns, secret, deleteSecret, waitForSecretGone, eventsOf } = harness;
  const start = (extra: string[] = []) => {
    harness.start(['--janitor-dry-run=true', ...extra]);
  };
  const kafkaUsers = () => simulator.sim.state.service(pool, 'kafka')?.users;
  const kafkaUser = (name: string) => kafkaUsers()?.get(name);
  const deleteApp = (name: string) =>
    custom.deleteNamespacedCustomObject({ group, version, plural, namespace: ns.name, name });
  const waitForEvent = (secretName: string, event: string) =>
    waitFor(`${event} on ${secretName}`, async () => (await eventsOf(secretName)).find((e) => e === event), soon);
  const ring = () => core.readNamespacedSecret({ name: ringName, namespace: ns.name });
  const untrustedCount = async (what: string) =>
    Number(
      new RegExp(`^aivenator_untrusted_records_total{what="${what}"} (\\d+)$`, 'm').exec(
        await harness.metrics(),
      )?.[1] ?? 0,
    );

  /** A managed-looking secret made by hand, as a tenant (or, with its labels, nais/aivenator) would. */
  const createManagedLooking = (name: string, labels: Record<string, string>, annotations: Record<string, string>) =>
    core.createNamespacedSecret({
      namespace: ns.name,
      body: {
        metadata: {
          name,
          labels: { type: 'aivenator.aiven.nais.io', ...labels },
          finalizers: [finalizer],
          annotations,
        },
        stringData: { KAFKA_CERTIFICATE: 'not a certificate' },
      },
    });

  /** An app's secret, synchronized and signed; the app is deleted, so only the secret is left (the janitor is dry). */
  async function orphanedSecret(app: string): Promise<{ secret: V1Secret; user: string }> {
    await createApp(ns.name, kafkaApp(app, `${app}-aiven`));
    const written = await harness.waitForKafkaCredentials(`${app}-aiven`);
    await deleteApp(app);
    return { secret: written, user: written.metadata?.annotations?.[userKey] ?? '' };
  }

  test("a tenant's forged record naming another team's Kafka user deletes nothing and calls Aiven with nothing", async () => {
    start();
    const victim = 'other-team_their-app_f2dc1fc8_P16';
    await kafkaUsers()?.create(victim, undefined);
    await harness.waitForLog('workers started');
    simulator.sim.resetRequests();
    await createManagedLooking('forged', { app: 'their-app' }, { [userKey]: victim, 'kafka.aiven.nais.io/pool': pool });
    await deleteSecret('forged');
    await waitForSecretGone('forged');
    expect(kafkaUser(victim)).toBeDefined();
    expect(simulator.sim.requests()).toEqual([]);
    await waitForEvent('forged', 'Warning UntrustedRecord');
    expect(await untrustedCount('unsigned')).toBe(1);
  });

  test("a forged record naming another namespace's token secret reads no token and calls Aiven with nothing", async () => {
    start();
    const victim = 'other-team_their-app_f2dc1fc8_P16';
    await kafkaUsers()?.create(victim, undefined);
    simulator.sim.state.addToken('victim-token');
    await harness.waitForLog('workers started');
    simulator.sim.resetRequests();
    await createManagedLooking(
      'forged-token',
      {},
      {
        [userKey]: victim,
        'kafka.aiven.nais.io/pool': pool,
        'aivenator.aiven.nais.io/token-source': 'authSecretRef:victim-team/their-token/token',
      },
    );
    await deleteSecret('forged-token');
    await waitForSecretGone('forged-token');
    expect(kafkaUser(victim)).toBeDefined();
    expect(simulator.sim.requests()).toEqual([]);
    await waitForEvent('forged-token', 'Warning UntrustedRecord');
    expect(await untrustedCount('token_source')).toBe(1);
    expect(harness.output()).not.toContain('their-token');
  });

  test("nais/aivenator's unsigned secret is cleaned up when deleted; a forged one beside it is not", async () => {
    start();
    // As the Go controller writes a Kafka secret: its labels, annotations, finalizer and keys, no signature.
    const goUser = 'x_legacy_00000000_abc'.replace('x', ns.name).replace('00000000', crcOf(ns.name, 'legacy'));
    await kafkaUsers()?.create(goUser, undefined);
    const victim = 'other-team_their-app_f2dc1fc8_P16';
    await kafkaUsers()?.create(victim, undefined);
    await createManagedLooking(
      'legacy-aiven',
      {
        app: 'legacy',
        team: ns.name,
        'aiven.nais.io/secret-generation': '0',
        'aivenator.aiven.nais.io/protected': 'false',
      },
      {
        [userKey]: goUser,
        'kafka.aiven.nais.io/pool': pool,
        'nais.io/deploymentCorrelationID': '',
        'aivenator.aiven.nais.io/protected': 'false',
      },
    );
    await createManagedLooking('forged', { app: 'legacy' }, { [userKey]: victim, 'kafka.aiven.nais.io/pool': pool });
    await Promise.all([deleteSecret('legacy-aiven'), deleteSecret('forged')]);
    await Promise.all([waitForSecretGone('legacy-aiven'), waitForSecretGone('forged')]);
    expect(kafkaUser(goUser)).toBeUndefined();
    expect(kafkaUser(victim)).toBeDefined();
    await waitForEvent('legacy-aiven', 'Normal Finalized');
    await waitForEvent('forged', 'Warning UntrustedRecord');
    expect((await eventsOf('legacy-aiven')).includes('Warning UntrustedRecord')).toBe(false);
  });

  test("a retired user a tenant adds to their app's secret is never deleted; the one a spec change replaced is", async () => {
    start(['--user-grace-period=1s']);
    await createApp(ns.name, kafkaApp('mixed', 'mixed-aiven'));
    const first = (await harness.waitForKafkaCredentials('mixed-aiven')).metadata?.annotations?.[userKey] ?? '';
    const victim = 'other-team_their-app_f2dc1fc8_P16';
    await kafkaUsers()?.create(victim, undefined);
    const forged = [
      { annotations: { [userKey]: victim, 'kafka.aiven.nais.io/pool': pool }, retiredAt: '2020-01-01T00:00:00Z' },
    ];
    await harness.patchSecretAs('tenant', 'mixed-aiven', {
      metadata: { annotations: { 'aivenator.aiven.nais.io/retired-users': JSON.stringify(forged) } },
    });
    await harness.patchApp('mixed', [{ op: 'add', path: '/spec/protected', value: true }]);
    await waitFor('the replaced user deleted', () => Promise.resolve(kafkaUser(first) ? undefined : true), soon);
    expect(kafkaUser(victim)).toBeDefined();
  });

  test('a genuine record of an app with its own token cleans up with that token', async () => {
    start();
    simulator.sim.state.addToken('team-token');
    await core.createNamespacedSecret({
      namespace: ns.name,
      body: { metadata: { name: 'team-token' }, stringData: { token: 'team-token' } },
    });
    const app = kafkaApp('own', 'own-aiven');
    await createApp(ns.name, { ...app, spec: { ...app.spec, authSecretRef: { name: 'team-token', key: 'token' } } });
    const written = await harness.waitForKafkaCredentials('own-aiven');
    const user = written.metadata?.annotations?.[userKey] ?? '';
    expect(written.metadata?.annotations?.[signatureKey]).toMatch(/^v1:k\d{8}T\d{6}Z:/);
    await deleteApp('own');
    simulator.sim.resetRequests();
    await deleteSecret('own-aiven');
    await waitForSecretGone('own-aiven');
    expect(kafkaUser(user)).toBeUndefined();
    const deletes = simulator.sim.requests().filter((r) => r.operation === 'ServiceUserDelete');
    expect(deletes.map((r) => r.token)).toEqual(['team-token']);
  });

  test('a rotated key ring: old records verify, each is signed again, then the old key can go', async () => {
    start(['--accept-unsigned-records=false']); // only a verified signature is trusted here
    const { user: orphanUser } = await orphanedSecret('orphan');
    await createApp(ns.name, kafkaApp('rotated', 'rotated-aiven'));
    const before = await harness.waitForKafkaCredentials('rotated-aiven');
    const oldKey = Object.keys((await ring()).data ?? {});
    expect(oldKey).toHaveLength(1);

    simulator.sim.resetRequests();
    const newKey = 'kz-rotated'; // sorts after every k<timestamp>
    await harness.patchSecretAs('operator', ringName, { stringData: { [newKey]: 'n'.repeat(32) } });
    const resigned = await waitFor(
      'the record signed with the new key',
      async () => {
        const found = await secret('rotated-aiven');
        return found?.metadata?.annotations?.[signatureKey]?.startsWith(`v1:${newKey}:`) ? found : undefined;
      },
      soon,
    );
    expect(resigned.data).toEqual(before.data);
    expect(simulator.sim.requests()).toEqual([]); // signing again is a Kubernetes write, no Aiven call

    // The orphan, still signed with the old key, verifies while the old key is in the ring.
    await deleteSecret('orphan-aiven');
    await waitForSecretGone('orphan-aiven');
    expect(kafkaUser(orphanUser)).toBeUndefined();

    await harness.patchSecretAs('operator', ringName, { data: { [oldKey[0] ?? '']: null } });
    await waitFor(
      'the old key gone',
      async () => (Object.keys((await ring()).data ?? {}).length === 1 ? true : undefined),
      soon,
    );
    await deleteApp('rotated');
    await deleteSecret('rotated-aiven');
    await waitForSecretGone('rotated-aiven');
    expect(kafkaUser(before.metadata?.annotations?.[userKey] ?? '')).toBeUndefined();
    expect(await untrustedCount('signature')).toBe(0);
  });

  test('a lost key ring is created again; records signed with the lost key are trusted as unsigned ones are', async () => {
    start();
    await createApp(ns.name, kafkaApp('kept', 'kept-aiven'));
    const written = await harness.waitForKafkaCredentials('kept-aiven');
    const lostSignature = written.metadata?.annotations?.[signatureKey] ?? '';
    const victim = 'other-team_their-app_f2dc1fc8_P16';
    await kafkaUsers()?.create(victim, undefined);
    // A tenant adds another team's user to the record once the key is gone: still not trusted.
    await core.deleteNamespacedSecret({ name: ringName, namespace: ns.name });
    await harness.waitForLog('record key ring created');
    await harness.patchSecretAs('tenant', 'kept-aiven', {
      metadata: {
        annotations: {
          'aivenator.aiven.nais.io/retired-users': JSON.stringify([
            { annotations: { [userKey]: victim, 'kafka.aiven.nais.io/pool': pool }, retiredAt: '2020-01-01T00:00:00Z' },
          ]),
        },
      },
    });
    // The app's next synchronization signs its record with the new key, without the tenant's entry.
    await harness.patchApp('kept', [{ op: 'add', path: '/spec/protected', value: true }]);
    const resigned = await waitFor(
      'the record signed with the new key',
      async () => {
        const found = await secret('kept-aiven');
        const signature = found?.metadata?.annotations?.[signatureKey] ?? lostSignature;
        return signature !== lostSignature && found?.data?.KAFKA_CERTIFICATE ? found : undefined;
      },
      soon,
    );
    expect(resigned.metadata?.annotations?.['aivenator.aiven.nais.io/retired-users']).not.toContain(victim);
    await deleteApp('kept');
    await deleteSecret('kept-aiven');
    await waitForSecretGone('kept-aiven');
    expect(kafkaUser(written.metadata?.annotations?.[userKey] ?? '')).toBeUndefined();
    expect(kafkaUser(victim)).toBeDefined();
  });
});

/** The checksum in a Kafka username: CRC-32 of team and app, as eight hex digits. */
function crcOf(team: string, app: string): string {
  return crc32(`${team}${app}`).toString(16).padStart(8, '0');
}

// Proofs against a real Valkey: the credentials the controller writes into an app's secret work over Valkey's own
// protocol, with no more access than the app asked for, and stop working when the app is deleted. The controller runs
// as in production against the simulator, which mirrors every user it makes on the real server (sim/real-service.ts);
// the clients get only what the secret holds: URI, username, password and AIVEN_CA.
import { describe, expect, test } from '@jest/globals';
import { aivenApplicationApiVersion, type AivenApplication } from '../pkg/api/aiven-application.ts';
import { createApp } from './support/aiven-applications.ts';
import { useRealValkey, valkeyCredentialsOf, type ValkeyCredentials } from './support/real-valkey.ts';
import { useSynchronizer } from './support/synchronizer.ts';

const instance = 'sessions';

const valkeyApp = (name: string, access: 'read' | 'readwrite'): AivenApplication => ({
  apiVersion: aivenApplicationApiVersion,
  kind: 'AivenApplication',
  metadata: { name },
  spec: { secretName: `${name}-aiven`, valkey: [{ instance, access }] },
});

describe('Valkey credentials against a real Valkey', () => {
  const { kc, ns, simulator, start, waitForReady, secret, deleteApp, waitForSecretGone } = useSynchronizer();
  const valkey = useRealValkey(simulator);

  /** The namespace's instance on the real server, the controller, and each app synchronized; their credentials. */
  const provision = async (...apps: AivenApplication[]): Promise<ValkeyCredentials[]> => {
    await valkey.serveInstance(kc, ns.name, instance);
    start();
    for (const app of apps) await createApp(ns.name, app);
    const credentials: ValkeyCredentials[] = [];
    for (const app of apps) {
      const name = app.metadata.name ?? '';
      await waitForReady(name, 'True');
      credentials.push(valkeyCredentialsOf(await secret(`${name}-aiven`), instance));
    }
    return credentials;
  };

  test("a readwrite user connects to the secret's URI over TLS, verifying the server with AIVEN_CA, and writes", async () => {
    const [writer] = await provision(valkeyApp('writer', 'readwrite'));
    if (!writer) throw new Error('no credentials');
    const { host, port } = valkey.server.endpoint;
    expect(writer.valkeyUri).toBe(`valkeys://${host}:${String(port)}`);
    expect(writer.redisUri).toBe(`rediss://${host}:${String(port)}`);

    const client = await valkey.connect(writer);
    expect(await client.set('orders:1', 'paid')).toBe('OK');
    expect(await client.get('orders:1')).toBe('paid');
    // and no more than readwrite: the server's configuration is an admin's
    await expect(client.call('CONFIG', 'GET', 'maxmemory')).rejects.toThrow(/^NOPERM .*'config\|get' command/);

    expect(await valkey.cli(writer, ['SET', 'orders:2', 'shipped'])).toEqual({ output: 'OK', code: 0 });
    expect(await valkey.cli(writer, ['GET', 'orders:2'])).toEqual({ output: 'shipped', code: 0 });
  });

  test('a read user reads what a readwrite user wrote and is refused every write (NOPERM)', async () => {
    const [writer, reader] = await provision(valkeyApp('writer', 'readwrite'), valkeyApp('reader', 'read'));
    if (!writer || !reader) throw new Error('no credentials');
    await (await valkey.connect(writer)).set('stock:42', '7');

    const client = await valkey.connect(reader);
    expect(await client.get('stock:42')).toBe('7');
    await expect(client.set('stock:42', '0')).rejects.toThrow(/^NOPERM .*'set' command/);
    await expect(client.del('stock:42')).rejects.toThrow(/^NOPERM .*'del' command/);
    expect(await client.get('stock:42')).toBe('7');

    // The CLI exits 0 on a refusal: its reply text is what says so.
    expect(await valkey.cli(reader, ['GET', 'stock:42'])).toEqual({ output: '7', code: 0 });
    const refused = await valkey.cli(reader, ['SET', 'stock:42', '0']);
    expect(refused.output).toMatch(/^NOPERM .*'set' command/);
    expect(await valkey.cli(reader, ['GET', 'stock:42'])).toEqual({ output: '7', code: 0 });
  });

  test('a wrong password is refused (WRONGPASS), and a client that does not trust AIVEN_CA fails the handshake', async () => {
    const [app] = await provision(valkeyApp('app', 'readwrite'));
    if (!app) throw new Error('no credentials');
    const wrong = { ...app, password: `${app.password}x` };

    await expect(valkey.connect(wrong)).rejects.toThrow(/^WRONGPASS /);
    await expect(valkey.connect(app, {})).rejects.toMatchObject({ code: 'SELF_SIGNED_CERT_IN_CHAIN' });

    const refused = await valkey.cli(wrong, ['SET', 'k', 'v']);
    expect(refused.output).toMatch(/AUTH failed: WRONGPASS/);
    expect(refused.output).toMatch(/NOAUTH/); // the command after it ran unauthenticated, and was refused too
    const untrusted = await valkey.cli(app, ['PING'], false);
    expect(untrusted.output).toMatch(/certificate verify failed/);
    expect(untrusted.output).not.toMatch(/PONG/);
    expect(await valkey.cli(app, ['PING'])).toEqual({ output: 'PONG', code: 0 });
  });

  test('deleting the app revokes its credentials: its open connection is closed and they authenticate no more', async () => {
    const [app] = await provision(valkeyApp('leaving', 'readwrite'));
    if (!app) throw new Error('no credentials');
    const open = await valkey.connect(app);
    expect(await open.set('left', 'behind')).toBe('OK');

    await deleteApp('leaving');
    await waitForSecretGone('leaving-aiven'); // its finalizer ran: the user was deleted in Aiven, and so on the server

    await expect(open.get('left')).rejects.toThrow(/Connection is closed/);
    await expect(valkey.connect(app)).rejects.toThrow(/^WRONGPASS /);
    const refused = await valkey.cli(app, ['GET', 'left']);
    expect(refused.output).toMatch(/AUTH failed: WRONGPASS/);
    expect(refused.output).not.toMatch(/behind/);
  });
});

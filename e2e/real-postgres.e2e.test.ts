// Proofs against a real PostgreSQL: the credentials the controller writes into an app's secret log in over TLS,
// verifying the server's certificate with the secret's CA, and can use the database the app was given; nothing less
// gets in; and they stop working when the app is deleted. The controller runs as in production against the
// simulator, which mirrors every user and database it makes on the real server (sim/real-service.ts); the clients
// (node-postgres and psql) get only what the secret holds.
import { describe, expect, test } from '@jest/globals';
import { aivenApplicationApiVersion, type AivenApplication } from '../pkg/api/aiven-application.ts';
import { createCertificateAuthority } from '../sim/x509.ts';
import { declareInstance } from '../testenv/aiven-operator.ts';
import { createApp } from './support/aiven-applications.ts';
import { postgresCredentialsOf, useRealPostgres, type PostgresCredentials } from './support/real-postgres.ts';
import { useSynchronizer } from './support/synchronizer.ts';

const instance = 'pg-team-a';

const postgresApp = (name: string, database?: string): AivenApplication => ({
  apiVersion: aivenApplicationApiVersion,
  kind: 'AivenApplication',
  metadata: { name },
  spec: { secretName: `${name}-aiven`, postgres: { instance, ...(database ? { database } : {}) } },
});

/** The row a client sees of its own session: who, where, and whether over TLS. */
const whoAmI = `SELECT current_user, current_database(), ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()`;

describe('PostgreSQL credentials against a real PostgreSQL', () => {
  const { kc, ns, simulator, start, waitForReady, secret, deleteApp, waitForSecretGone } = useSynchronizer();
  const postgres = useRealPostgres(simulator);

  /** The namespace owns the instance, the controller runs, and each app is synchronized: their credentials. */
  const provision = async (...apps: AivenApplication[]): Promise<PostgresCredentials[]> => {
    await declareInstance(kc, 'PostgreSQL', ns.name, instance);
    start();
    for (const app of apps) await createApp(ns.name, app);
    const credentials: PostgresCredentials[] = [];
    for (const app of apps) {
      const name = app.metadata.name ?? '';
      await waitForReady(name, 'True');
      credentials.push(postgresCredentialsOf(await secret(`${name}-aiven`)));
    }
    return credentials;
  };

  test("DATABASE_URL and the PG* keys log in with verify-full against POSTGRES_CA and use the service's default database", async () => {
    const [app] = await provision(postgresApp('shop'));
    if (!app) throw new Error('no credentials');
    const { host, port } = postgres.server.endpoint;
    expect([app.PGHOST, app.PGPORT, app.PGDATABASE]).toEqual([host, String(port), 'defaultdb']);

    // node-postgres with DATABASE_URL, as an app that verifies the server would pass it.
    const { client } = await postgres.connect(postgres.verifyFullUrl(app));
    expect((await client.query(whoAmI)).rows).toEqual([
      { current_user: app.PGUSER, current_database: 'defaultdb', ssl: true },
    ]);
    await client.query('CREATE TABLE carts (id int PRIMARY KEY, item text)');
    await client.query(`INSERT INTO carts VALUES (1, 'apples')`);

    // node-postgres with the libpq keys.
    const byKeys = await postgres.connect({
      host: app.PGHOST,
      port: Number(app.PGPORT),
      database: app.PGDATABASE,
      user: app.PGUSER,
      password: app.PGPASSWORD,
      ssl: { ca: app.POSTGRES_CA },
    });
    expect((await byKeys.client.query('SELECT item FROM carts WHERE id = 1')).rows).toEqual([{ item: 'apples' }]);

    // psql, the PG* keys in its environment.
    const psql = await postgres.psql(app, [whoAmI, `INSERT INTO carts VALUES (2, 'pears')`, 'SELECT item FROM carts']);
    expect(psql).toEqual({ stdout: `${app.PGUSER}|defaultdb|t\napples\npears`, stderr: '', code: 0 });
  });

  test('the database the app asks for exists on the server, and its user uses it', async () => {
    const [app] = await provision(postgresApp('checkout', 'checkout'));
    if (!app) throw new Error('no credentials');
    expect(app.PGDATABASE).toBe('checkout');
    expect(new URL(app.DATABASE_URL).pathname).toBe('/checkout');
    const [database] = await postgres.server.query<{ owner: string }>(
      'postgres',
      'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = $1',
      ['checkout'],
    );
    expect(database).toEqual({ owner: 'avnadmin' });

    const psql = await postgres.psql(app, [
      'CREATE TABLE payments (id int, amount numeric)',
      'INSERT INTO payments VALUES (1, 9.50)',
      'SELECT current_database(), amount FROM payments',
    ]);
    expect(psql).toEqual({ stdout: 'checkout|9.50', stderr: '', code: 0 });
    const { client } = await postgres.connect(postgres.verifyFullUrl(app));
    expect((await client.query('SELECT amount FROM payments')).rows).toEqual([{ amount: '9.50' }]);
  });

  test('nothing less gets in: a wrong password, no TLS, no CA, another CA, another host name', async () => {
    const [app] = await provision(postgresApp('guarded'));
    if (!app) throw new Error('no credentials');
    const otherCa = (await createCertificateAuthority('another-project')).certificatePem;
    const wrongPassword = withPassword(app, `${app.PGPASSWORD}x`);
    const urlWith = (credentials: PostgresCredentials, ca: string | null = app.POSTGRES_CA) =>
      postgres.verifyFullUrl(credentials, ca);
    const base = {
      host: app.PGHOST,
      port: Number(app.PGPORT),
      database: app.PGDATABASE,
      user: app.PGUSER,
      password: app.PGPASSWORD,
    };

    // Each refusal differs from this, which works, in one thing.
    await postgres.connect(urlWith(app));
    expect((await postgres.psql(app, ['SELECT 1'])).stdout).toBe('1');

    // Node's words for a certificate no CA it trusts has signed (the server sends its own certificate only).
    const unverifiable = {
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      message: expect.stringContaining('unable to verify the first certificate') as unknown,
    };
    const authFailed = `password authentication failed for user "${app.PGUSER}"`;
    expect(await postgres.refusalOf(urlWith(wrongPassword))).toEqual({
      code: '28P01',
      message: authFailed,
    });
    expect((await postgres.psql(wrongPassword, ['SELECT 1'])).stderr).toContain(`FATAL:  ${authFailed}`);

    const noTls = `no pg_hba.conf entry for host "127.0.0.1", user "${app.PGUSER}", database "defaultdb", no encryption`;
    expect(await postgres.refusalOf({ ...base, ssl: false })).toEqual({ code: '28000', message: noTls });
    expect((await postgres.psql(app, ['SELECT 1'], { PGSSLMODE: 'disable' })).stderr).toContain(noTls);

    // verify-full without the CA: Node's default trust store, libpq's ~/.postgresql/root.crt; neither holds it.
    expect(await postgres.refusalOf(urlWith(app, null))).toEqual(unverifiable);
    expect((await postgres.psql(app, ['SELECT 1'], { PGSSLROOTCERT: undefined })).stderr).toMatch(
      /root certificate file ".*\/\.postgresql\/root\.crt" does not exist/,
    );

    expect(await postgres.refusalOf(urlWith(app, otherCa))).toEqual(unverifiable);
    const otherCaFile = postgres.writeFile(otherCa);
    expect((await postgres.psql(app, ['SELECT 1'], { PGSSLROOTCERT: otherCaFile })).stderr).toContain(
      'certificate verify failed',
    );

    // The right CA, but a name the certificate does not carry: verify-full checks the name too.
    expect(
      await postgres.refusalOf({ ...base, ssl: { ca: app.POSTGRES_CA, servername: 'db.example.invalid' } }),
    ).toEqual({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      message: expect.stringContaining('Hostname/IP does not match') as unknown,
    });
    const otherName = await postgres.psql(app, ['SELECT 1'], { PGHOST: 'db.example.invalid', PGHOSTADDR: '127.0.0.1' });
    expect(otherName.stderr).toContain('does not match host name "db.example.invalid"');
  });

  test('deleting the app revokes its credentials: new logins fail, an open session is ended, its tables stay', async () => {
    const [app] = await provision(postgresApp('leaving'));
    if (!app) throw new Error('no credentials');
    const session = await postgres.connect(postgres.verifyFullUrl(app));
    await session.client.query('CREATE TABLE ledger (id int)');
    expect((await postgres.psql(app, ['SELECT current_user'])).stdout).toBe(app.PGUSER);

    await deleteApp('leaving');
    await waitForSecretGone('leaving-aiven'); // the janitor deleted it, and the finalizer the user
    expect(simulator.sim.state.service('dev-nais-dev', instance)?.users.get(app.PGUSER)).toBeUndefined();
    expect(await postgres.server.query('postgres', 'SELECT 1 FROM pg_roles WHERE rolname = $1', [app.PGUSER])).toEqual(
      [],
    );

    const authFailed = `password authentication failed for user "${app.PGUSER}"`;
    expect(await postgres.refusalOf(postgres.verifyFullUrl(app))).toEqual({ code: '28P01', message: authFailed });
    expect((await postgres.psql(app, ['SELECT 1'])).stderr).toContain(`FATAL:  ${authFailed}`);

    // The session opened before: the server ended it (57P01, admin_shutdown).
    await expect(session.client.query('SELECT 1')).rejects.toThrow();
    expect(session.errors.map((err) => err.message)).toContain('terminating connection due to administrator command');

    // The app's data is the team's: handed to avnadmin, not dropped.
    expect(
      await postgres.server.query('defaultdb', `SELECT tableowner FROM pg_tables WHERE tablename = 'ledger'`),
    ).toEqual([{ tableowner: 'avnadmin' }]);
  });
});

/** The same credentials with another password, in DATABASE_URL and PGPASSWORD. */
function withPassword(credentials: PostgresCredentials, password: string): PostgresCredentials {
  const url = new URL(credentials.DATABASE_URL);
  url.password = encodeURIComponent(password);
  return { ...credentials, DATABASE_URL: url.toString(), PGPASSWORD: password };
}

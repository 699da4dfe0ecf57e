// A real PostgreSQL behind the simulator for the credential proofs, and the two clients that prove them: node-postgres
// (as a Node app connects) and psql (libpq, as most other clients do), each given only what an app's secret holds.
import { afterAll, afterEach, beforeAll } from '@jest/globals';
import type { V1Secret } from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { postgresKeys } from '../../handlers/postgres/keys.ts';
import type { AivenSimulator } from '../../sim/server.ts';
import { attachPostgres, psqlPath, type RealPostgres } from '../../testenv/servers/postgres.ts';

/** What an app's secret gives it for PostgreSQL: DATABASE_URL, the libpq variables and POSTGRES_CA. */
export type PostgresCredentials = Record<(typeof postgresKeys)[keyof typeof postgresKeys], string>;

export function postgresCredentialsOf(secret: V1Secret | undefined): PostgresCredentials {
  const value = (key: string): string => {
    const base64 = secret?.data?.[key];
    if (base64 === undefined) throw new Error(`the secret has no ${key}`);
    return Buffer.from(base64, 'base64').toString('utf8');
  };
  const entries = Object.values(postgresKeys).map((key) => [key, value(key)]);
  return Object.fromEntries(entries) as PostgresCredentials;
}

/** What psql printed and its exit code: tests read the output, the code only tells success from failure. */
export interface PsqlResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/** Why a connection failed: PostgreSQL's SQLSTATE or Node's TLS error code, and the message. */
export interface Refusal {
  readonly code: string | undefined;
  readonly message: string;
}

/**
 * One real PostgreSQL for the enclosing describe block behind the simulator's `project/service` (its certificate from
 * the project CA). Clients opened by `connect` are closed after each test.
 */
export function useRealPostgres(
  simulator: { readonly sim: AivenSimulator },
  project = 'dev-nais-dev',
  service = 'pg-team-a',
) {
  let server: RealPostgres | undefined;
  const clients: pg.Client[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'aivenator-postgres-clients-'));
  let files = 0;
  beforeAll(async () => {
    server = await attachPostgres(simulator.sim.state, project, service);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.end().catch(() => undefined)));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** A file for libpq's sslrootcert (it takes a path, not a PEM). */
  const writeFile = (pem: string): string => {
    const path = join(scratch, `ca-${String(++files)}.pem`);
    writeFileSync(path, pem);
    return path;
  };

  return {
    get server(): RealPostgres {
      if (!server) throw new Error('useRealPostgres: the server is not running outside tests');
      return server;
    },

    writeFile,

    /**
     * DATABASE_URL as an app verifying the server would use it: sslmode=verify-full with the CA from a file
     * (sslrootcert), or `ca: null` for verify-full with Node's default trust store.
     */
    verifyFullUrl: (credentials: PostgresCredentials, ca: string | null = credentials.POSTGRES_CA): string => {
      const url = new URL(credentials.DATABASE_URL);
      url.searchParams.set('sslmode', 'verify-full');
      if (ca !== null) url.searchParams.set('sslrootcert', writeFile(ca));
      return url.toString();
    },

    /**
     * Connects with node-postgres. The client keeps the errors its connection reports later (a session the server
     * ends), which would otherwise crash the test as an unhandled 'error' event.
     */
    connect: async (config: string | pg.ClientConfig): Promise<{ client: pg.Client; errors: Error[] }> => {
      const client = new pg.Client(
        typeof config === 'string' ? { connectionString: config, connectionTimeoutMillis: 10_000 } : config,
      );
      const errors: Error[] = [];
      client.on('error', (err) => errors.push(err));
      clients.push(client);
      await client.connect();
      return { client, errors };
    },

    /** The refusal a connection attempt met; throws if it connected. */
    refusalOf: async (config: string | pg.ClientConfig): Promise<Refusal> => {
      const client = new pg.Client(
        typeof config === 'string' ? { connectionString: config, connectionTimeoutMillis: 10_000 } : config,
      );
      client.on('error', () => undefined);
      try {
        await client.connect();
      } catch (err) {
        const { code, message } = err as Error & { code?: string };
        return { code, message };
      }
      await client.end();
      throw new Error('the connection was expected to be refused, and succeeded');
    },

    /**
     * psql with the secret's libpq variables in its environment (never the password on the command line), verifying
     * the server with sslmode=verify-full and the secret's CA, `env` changing any of it. HOME is an empty directory
     * so ~/.postgresql supplies nothing; nothing else from our environment is passed on.
     */
    psql: async (
      credentials: PostgresCredentials,
      commands: readonly string[],
      env: Readonly<Record<string, string | undefined>> = {},
    ): Promise<PsqlResult> => {
      const home = join(scratch, `home-${String(++files)}`);
      mkdirSync(home);
      const environment = {
        PATH: process.env.PATH,
        HOME: home,
        PGHOST: credentials.PGHOST,
        PGPORT: credentials.PGPORT,
        PGDATABASE: credentials.PGDATABASE,
        PGUSER: credentials.PGUSER,
        PGPASSWORD: credentials.PGPASSWORD,
        PGSSLMODE: 'verify-full',
        PGSSLROOTCERT: writeFile(credentials.POSTGRES_CA),
        PGCONNECT_TIMEOUT: '10',
        ...env,
      };
      const definedEnvironment = Object.fromEntries(
        Object.entries(environment).filter((entry): entry is [string, string] => entry[1] !== undefined),
      );
      // -X: no psqlrc; -A -t: bare rows, `|` between columns; -q: no command tags; stop at the first error.
      const args = ['-X', '-A', '-t', '-q', '-v', 'ON_ERROR_STOP=1', ...commands.flatMap((c) => ['-c', c])];
      return new Promise((resolve) => {
        execFile(psqlPath, args, { env: definedEnvironment, timeout: 15_000 }, (err, stdout, stderr) => {
          const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
          resolve({ stdout: stdout.trim(), stderr: stderr.trim(), code });
        });
      });
    },
  };
}

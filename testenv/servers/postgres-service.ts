// What the simulator's PostgreSQL endpoints do, done on a real server (sim/real-service.ts): service users as login
// roles, databases as databases, with the rights an Aiven service user has. Runs as the superuser over the server's
// socket. How Aiven's grants are modelled (the README's "Proofs against real servers: PostgreSQL"):
//   - avnadmin (type primary): LOGIN CREATEDB CREATEROLE REPLICATION BYPASSRLS, as Aiven documents it (manages
//     databases, roles, grants and logical replication), not a superuser.
//   - other users: LOGIN (REPLICATION when access_control.pg_allow_replication), no other attribute.
//   - every database's `public` schema is owned by the superuser (Aiven's is owned by its management user
//     `postgres`) and open to every role for USAGE and CREATE: PostgreSQL 14's default, which 15 revoked, so an app's
//     user can create its tables where apps expect them. Set in template1, so databases created later have it.
//   - databases: CONNECT for every role (PostgreSQL's default), owned by avnadmin, except template1, where nobody
//     but the superuser connects (so a role never owns anything there, and CREATE DATABASE never finds it busy).
// A user's deletion revokes everything at once: no new login (NOLOGIN), its open sessions ended, what it owns in
// each database handed to avnadmin (the team's data stays), its grants dropped, then the role.
import pg from 'pg';
import type { RealService } from '../../sim/real-service.ts';
import type { SimUser } from '../../sim/users.ts';
import { scramVerifier } from './postgres-scram.ts';

const { escapeIdentifier: id, escapeLiteral: literal } = pg;

/** How the superuser reaches the server: its socket directory, and the port that names the socket. */
export interface SuperuserAccess {
  readonly socketDir: string;
  readonly port: number;
  readonly superuser: string;
}

/** The superuser's connection to `database` through the socket (no TLS there; none of the PG* environment). */
export const superuserConnection = (access: SuperuserAccess, database: string): pg.ClientConfig => ({
  host: access.socketDir,
  port: access.port,
  user: access.superuser,
  database,
  ssl: false,
});

/** SQLSTATE duplicate_object: CREATE ROLE of a name that exists. */
const duplicateObject = '42710';
const admin = 'avnadmin';

function roleAttributes(user: SimUser): string {
  if (user.type === 'primary') return 'LOGIN CREATEDB CREATEROLE REPLICATION BYPASSRLS';
  return user.accessControl?.pg_allow_replication ? 'LOGIN REPLICATION' : 'LOGIN NOREPLICATION';
}

export class PostgresService implements RealService {
  readonly endpoint: { readonly host: string; readonly port: number };
  readonly #access: SuperuserAccess;
  readonly #pool: pg.Pool;
  /** One change at a time: a deletion visits every database, which a concurrent CREATE DATABASE would trip over. */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(endpoint: RealService['endpoint'], access: SuperuserAccess, pool: pg.Pool) {
    this.endpoint = endpoint;
    this.#access = access;
    this.#pool = pool;
  }

  /** `pool`: the superuser's connections to its own database; the caller ends it. */
  static async create(
    endpoint: RealService['endpoint'],
    access: SuperuserAccess,
    pool: pg.Pool,
  ): Promise<PostgresService> {
    const service = new PostgresService(endpoint, access, pool);
    await service.#inDatabase('template1', async (client) => {
      await client.query(`ALTER SCHEMA public OWNER TO ${id(access.superuser)}`);
      await client.query('GRANT USAGE, CREATE ON SCHEMA public TO PUBLIC');
    });
    await pool.query(`ALTER SCHEMA public OWNER TO ${id(access.superuser)}`);
    await pool.query('GRANT USAGE, CREATE ON SCHEMA public TO PUBLIC');
    await pool.query('REVOKE CONNECT ON DATABASE template1 FROM PUBLIC');
    return service;
  }

  putUser(user: SimUser): Promise<void> {
    return this.#serially(async () => {
      // The superuser is the server's, not the service's (Aiven keeps its `postgres` to itself too).
      if (user.username === this.#access.superuser) throw new Error(`${user.username} is reserved on the server`);
      // The verifier, not the password: the password never appears in a statement the server could log.
      const login = `${roleAttributes(user)} PASSWORD ${literal(scramVerifier(user.password))}`;
      try {
        await this.#pool.query(`CREATE ROLE ${id(user.username)} ${login}`);
      } catch (err) {
        if (!(err instanceof pg.DatabaseError) || err.code !== duplicateObject) throw err;
        await this.#pool.query(`ALTER ROLE ${id(user.username)} ${login}`);
      }
    });
  }

  deleteUser(username: string): Promise<void> {
    return this.#serially(async () => {
      const role = id(username);
      if (!(await this.#roleExists(username))) return;
      await this.#pool.query(`ALTER ROLE ${role} NOLOGIN`);
      await this.#pool.query('SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE usename = $1', [
        username,
      ]);
      const heir = username !== admin && (await this.#roleExists(admin)) ? admin : this.#access.superuser;
      for (const database of await this.#databases()) {
        await this.#inDatabase(database, async (client) => {
          await client.query(`REASSIGN OWNED BY ${role} TO ${id(heir)}`);
          await client.query(`DROP OWNED BY ${role}`);
        });
      }
      await this.#pool.query(`DROP ROLE ${role}`);
    });
  }

  createDatabase(name: string): Promise<void> {
    return this.#serially(async () => {
      const exists = await this.#pool.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount) return;
      const owner = (await this.#roleExists(admin)) ? ` OWNER ${id(admin)}` : '';
      await this.#pool.query(`CREATE DATABASE ${id(name)}${owner}`);
    });
  }

  deleteDatabase(name: string): Promise<void> {
    return this.#serially(async () => {
      await this.#pool.query(`DROP DATABASE IF EXISTS ${id(name)} WITH (FORCE)`);
    });
  }

  /** Runs `sql` as the superuser in `database`: how tests look at the server. */
  async query<R extends pg.QueryResultRow>(database: string, sql: string, values: unknown[] = []): Promise<R[]> {
    return this.#inDatabase(database, async (client) => (await client.query<R>(sql, values)).rows);
  }

  #serially<T>(change: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(change, change);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #roleExists(name: string): Promise<boolean> {
    return Boolean((await this.#pool.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [name])).rowCount);
  }

  /** The databases a role can own things in: all that take connections but template1 (nobody else connects). */
  async #databases(): Promise<string[]> {
    const result = await this.#pool.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datallowconn AND datname <> 'template1' ORDER BY datname`,
    );
    return result.rows.map((row) => row.datname);
  }

  async #inDatabase<T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client(superuserConnection(this.#access, database));
    client.on('error', () => undefined); // a dropped connection fails the query at hand; no unhandled 'error' event
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
}

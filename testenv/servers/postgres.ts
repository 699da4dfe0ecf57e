// A throwaway PostgreSQL 15 (Debian's, testenv/servers/install-postgres.sh) behind a simulated Aiven service: TLS
// with a server certificate from the project CA, password logins over TCP only with TLS (hostssl, SCRAM), and the
// superuser only through its own Unix socket. Its roles and databases follow the simulator (postgres-service.ts).
// Stopped, and its directory removed, however its owner ends (the reaper, testenv/processes.ts).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  accessSync,
  appendFileSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  statfsSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { SimState } from '../../sim/state.ts';
import { issueServerCertificate, type CertificateAuthority } from '../../sim/x509.ts';
import { freePort } from '../ports.ts';
import { spawnLogged, startReaper, type LoggedProcess } from '../processes.ts';
import { waitFor } from '../wait.ts';
import { attachServer } from './attach.ts';
import { PostgresService, superuserConnection } from './postgres-service.ts';

const run = promisify(execFile);

/** Where Debian's postgresql-15 and postgresql-client-15 put the server and psql. */
export const postgresBinDir = '/usr/lib/postgresql/15/bin';
export const psqlPath = join(postgresBinDir, 'psql');
/** The superuser: reachable only through the server's own socket directory, by this process's OS user. */
const superuser = 'postgres';

export interface RealPostgres extends PostgresService {
  readonly dir: string;
  /** Milliseconds from the call to a server accepting the superuser (the template copied, TLS set up). */
  readonly startupMs: number;
  /** Stops the server (a fast shutdown: sessions are ended) and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * PostgreSQL refuses to run as root; the tests and the demo run as root on CI, so the server runs as Debian's
 * `postgres` user then, and as whoever we are otherwise.
 */
const runAs = (): string | undefined => (process.getuid?.() === 0 ? 'postgres' : undefined);
const asServerUser = (binary: string, args: readonly string[]): [string, string[]] => {
  const user = runAs();
  return user
    ? ['setpriv', [`--reuid=${user}`, `--regid=${user}`, '--init-groups', '--', binary, ...args]]
    : [binary, [...args]];
};
const chownToServerUser = async (path: string): Promise<void> => {
  const user = runAs();
  if (user) await run('chown', ['-R', `${user}:${user}`, path]);
};

/**
 * Where servers keep their data: memory (tmpfs) when the machine has room there (a container's /dev/shm may be
 * 64 MB; a server takes about 30). A server's start is mostly copying the template, and on these machines' disks
 * that took 0.9 s against 0.05 s in /dev/shm; nothing needs to survive.
 */
function scratchDir(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    const { bavail, bsize } = statfsSync('/dev/shm');
    if (bavail * bsize >= 512 * 1024 * 1024) return '/dev/shm';
  } catch {
    // no /dev/shm: the temp dir
  }
  return tmpdir();
}

function missingInstall(): Error {
  return new Error(
    `no PostgreSQL 15 in ${postgresBinDir}: run \`make servers\` (bash testenv/servers/install.sh postgres) first`,
  );
}

/** How the template is made; its cache entry is named after these, so a change makes a new one. */
const initdbFlags = [
  ...['-U', superuser, '-E', 'UTF8', '--no-locale', '--auth=reject'],
  // No sync: a throwaway server. 1 MB WAL segments: 5 MB to copy instead of 16.
  ...['--no-sync', '--wal-segsize=1'],
];

/**
 * initdb takes a second or two; a data directory made once per PostgreSQL version and copied for each server takes
 * a tenth of that. Made in scratch space (the server's user may not reach our cache), then copied into the cache and
 * renamed, so a template there is always whole.
 */
async function dataTemplate(): Promise<string> {
  if (!existsSync(join(postgresBinDir, 'postgres'))) throw missingInstall();
  const { stdout } = await run(join(postgresBinDir, 'postgres'), ['--version']);
  const version = /\d+\.\d+/.exec(stdout)?.[0] ?? 'unknown';
  const cacheRoot = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'aivenator', 'servers');
  const cache = join(cacheRoot, `postgres-${version}`);
  const flagsHash = createHash('sha256').update(initdbFlags.join(' ')).digest('hex').slice(0, 8);
  const template = join(cache, `template-${flagsHash}`);
  if (existsSync(template)) return template;
  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(join(scratchDir(), 'aivenator-postgres-initdb-'));
  try {
    await chownToServerUser(work);
    const [binary, args] = asServerUser(join(postgresBinDir, 'initdb'), ['-D', join(work, 'data'), ...initdbFlags]);
    await run(binary, args);
    const partial = mkdtempSync(join(cache, 'template-partial-'));
    try {
      await run('cp', ['-a', join(work, 'data'), join(partial, 'data')]);
      renameSync(join(partial, 'data'), template); // another process may have won the race: theirs is as good
    } catch (err) {
      if (!existsSync(template)) throw err;
    } finally {
      rmSync(partial, { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return template;
}

function configuration(port: number, socketDir: string): string {
  return [
    '# aivenator testenv/servers/postgres.ts',
    `listen_addresses = '127.0.0.1'`,
    `port = ${String(port)}`,
    `unix_socket_directories = '${socketDir}'`,
    'unix_socket_permissions = 0700',
    'ssl = on',
    `ssl_cert_file = 'server.crt'`,
    `ssl_key_file = 'server.key'`,
    `ssl_min_protocol_version = 'TLSv1.2'`,
    `password_encryption = 'scram-sha-256'`,
    'max_connections = 50',
    'shared_buffers = 16MB',
    // A throwaway server: nothing needs to survive a crash.
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    // Who logged in (or failed to), for a failing test's log; statements never (no SQL text with errors).
    'log_connections = on',
    'log_min_error_statement = panic',
    '',
  ].join('\n');
}

/** TCP: TLS and SCRAM only, for every role. The socket: the superuser, for this process's OS user only. */
const hba = [`local all ${superuser} peer map=admin`, 'hostssl all all 127.0.0.1/32 scram-sha-256', ''].join('\n');
const ident = (): string => `admin ${userInfo().username} ${superuser}\nadmin ${superuser} ${superuser}\n`;

function diedReason(server: LoggedProcess): () => string | null {
  return () => {
    const exit = server.exitDescription();
    return exit === null ? null : `postgres ${exit}; last lines of ${server.logFile}:\n${server.logTail()}`;
  };
}

/** A new server whose certificate `ca` signs, for 127.0.0.1 and localhost. */
export async function startPostgres(ca: CertificateAuthority): Promise<RealPostgres> {
  const started = Date.now();
  const [template, port, certificate] = await Promise.all([
    dataTemplate(),
    freePort(),
    issueServerCertificate(ca, ['127.0.0.1', 'localhost']),
  ]);
  const reaper = startReaper();
  const dir = mkdtempSync(join(scratchDir(), 'aivenator-postgres-'));
  reaper.removeLater(dir);
  const socketDir = join(dir, 'socket');
  const access = { socketDir, port, superuser };
  const admin = new pg.Pool({ ...superuserConnection(access, superuser), max: 2 });
  // An idle connection the server drops (it stopped, or crashed) would otherwise be an unhandled 'error' event that
  // takes the whole process down; the next query reports it instead.
  admin.on('error', () => undefined);
  let server: LoggedProcess | undefined;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await admin.end().catch(() => undefined);
    // SIGINT is PostgreSQL's fast shutdown; the reaper's SIGTERM (a smart one) would wait for every client.
    const running = server?.exitDescription() === null ? server : undefined;
    running?.child.kill('SIGINT');
    if (running) {
      await waitFor('postgres to stop', () => Promise.resolve(running.exitDescription() ?? undefined), {
        timeoutMs: 10_000,
        intervalMs: 20,
      }).catch(() => undefined); // the reaper kills it after its grace period
    }
    await reaper.release();
  };
  try {
    const data = join(dir, 'data');
    await run('cp', ['-a', template, data]);
    mkdirSync(socketDir, { mode: 0o700 });
    appendFileSync(join(data, 'postgresql.conf'), configuration(port, socketDir));
    writeFileSync(join(data, 'pg_hba.conf'), hba);
    writeFileSync(join(data, 'pg_ident.conf'), ident());
    writeFileSync(join(data, 'server.crt'), certificate.certificatePem);
    writeFileSync(join(data, 'server.key'), certificate.keyPem, { mode: 0o600 });
    await chownToServerUser(dir);
    const [binary, args] = asServerUser(join(postgresBinDir, 'postgres'), ['-D', data]);
    server = spawnLogged({ name: 'postgres', binary, args, logFile: join(dir, 'postgres.log') }, reaper);
    await waitFor(
      'postgres to accept connections',
      async () => {
        const client = await admin.connect();
        client.release();
        return true;
      },
      { timeoutMs: 30_000, intervalMs: 20, abortIf: diedReason(server) },
    );
    const service = await PostgresService.create({ host: '127.0.0.1', port }, access, admin);
    return Object.assign(service, { dir, startupMs: Date.now() - started, stop });
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * A real PostgreSQL behind the simulated service `project/service`: the simulator's answers name it, and its users
 * and databases are created there (the ones it holds already too). The server's certificate is the project CA's.
 */
export const attachPostgres = (state: SimState, project: string, service: string): Promise<RealPostgres> =>
  attachServer(state, project, service, startPostgres);

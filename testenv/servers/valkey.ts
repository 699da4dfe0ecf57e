// A throwaway Valkey (installed by install-valkey.sh) behind a simulated Aiven service: TLS only, with a server
// certificate from the project CA as Aiven's services present, and passwords over TLS as Aiven's Valkey takes them
// (`tls-auth-clients no`: no client certificates). Nothing is persisted; the process and its directory go with the
// reaper, however the test ends.
//
// Who is who on the server: `default` is off, so a connection that has not authenticated can do nothing (with
// `tls-auth-clients no` and Valkey's passwordless `default`, anyone would otherwise be in). The simulator's users,
// avnadmin included, are ACL users like any other. The harness manages them as a user of its own (`operatorUser`),
// with a random password it alone knows and that never leaves the config file: avnadmin's password is the
// simulator's to reset (and avnadmin the simulator's to delete), which would cut the harness off its own server.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import type { RealService } from '../../sim/real-service.ts';
import type { SimState } from '../../sim/state.ts';
import type { SimUser } from '../../sim/users.ts';
import { issueServerCertificate, type CertificateAuthority } from '../../sim/x509.ts';
import { freePort } from '../ports.ts';
import { spawnLogged, startReaper, type LoggedProcess, type Reaper } from '../processes.ts';
import { waitFor } from '../wait.ts';
import { attachServer } from './attach.ts';

const installer = fileURLToPath(new URL('./install-valkey.sh', import.meta.url));

/** The harness's own management login: not one of the simulator's users, so its API can neither see nor change it. */
export const operatorUser = 'aivenator-sim-operator';

const host = '127.0.0.1';
/** What Valkey logs once it listens (the same words in Redis 7, the installer's fallback). */
const readyLine = 'Ready to accept connections';

export interface ValkeyServer extends RealService {
  /** valkey-cli from the same install (redis-cli on the Redis fallback), for proofs with a real CLI client. */
  readonly cli: string;
  /** Whether the CLI knows the `valkeys://` scheme (Valkey 8 does; redis-cli 7 knows `rediss://` only). */
  readonly cliKnowsValkeyScheme: boolean;
  /** The last lines the server logged, for a failed test's message (it logs no passwords). */
  logTail(lines?: number): string;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

interface Installed {
  readonly server: string;
  readonly cli: string;
  /** Valkey, or Redis 7 where the installer had to fall back to it. */
  readonly isValkey: boolean;
}

/** Where the installer put the binaries; the installer is the one place that knows the cache layout. */
function locateValkey(): Installed {
  const output = execFileSync('bash', [installer, '--print-paths'], { encoding: 'utf8' });
  const paths = new Map(
    output
      .trim()
      .split('\n')
      .map((line) => line.split('=', 2) as [string, string]),
  );
  const server = paths.get('valkey-server') ?? '';
  const cli = paths.get('valkey-cli') ?? '';
  if (!existsSync(server)) throw new Error(`valkey-server is not installed (${server}); run: make servers`);
  const version = execFileSync(server, ['--version'], { encoding: 'utf8' });
  return { server, cli, isValkey: version.startsWith('Valkey') };
}

/** The ACL rules of a SimUser, after `reset` (no password, no keys, no channels, no commands, off). */
export function aclRules(user: SimUser): string[] {
  const access = user.accessControl;
  // avnadmin has everything, as the service's primary user does on Aiven. A user made without access control gets
  // the same (the simulator's assumption of what Aiven does then; the controller always sends its ACL).
  if (user.type === 'primary' || access === undefined) return ['on', `>${user.password}`, '~*', '&*', '+@all'];
  return [
    'on',
    `>${user.password}`,
    // Categories before commands: a `-@all` among the categories would otherwise undo `+info` and the like.
    ...(access.valkey_acl_categories ?? []),
    ...(access.valkey_acl_commands ?? []),
    ...(access.valkey_acl_keys ?? []).map((pattern) => `~${pattern}`),
    ...(access.valkey_acl_channels ?? []).map((pattern) => `&${pattern}`),
  ];
}

function configFile(dir: string, tlsPort: number, operatorPassword: string): string {
  return [
    `bind ${host}`,
    'port 0', // no plaintext listener at all
    `tls-port ${String(tlsPort)}`,
    `tls-cert-file ${join(dir, 'server.crt')}`,
    `tls-key-file ${join(dir, 'server.key')}`,
    `tls-ca-cert-file ${join(dir, 'ca.crt')}`,
    'tls-auth-clients no',
    `dir ${dir}`,
    'save ""',
    'appendonly no',
    'logfile ""',
    'user default off resetpass resetkeys resetchannels -@all',
    `user ${operatorUser} on >${operatorPassword} ~* &* +@all`,
    '',
  ].join('\n');
}

/** For waitFor's abortIf: why waiting is pointless (the server exited, and what it said last), or null. */
const died = (server: LoggedProcess): string | null => {
  const exit = server.exitDescription();
  return exit === null ? null : `valkey-server ${exit}:\n${server.logTail()}`;
};

/** Starts a server for a project: its certificate from `ca`, for the names clients dial. */
export async function startValkey(ca: CertificateAuthority): Promise<ValkeyServer> {
  const installed = locateValkey();
  const dir = mkdtempSync(join(tmpdir(), 'aivenator-valkey-'));
  const reaper = startReaper();
  reaper.removeLater(dir); // registered first, so removed last: after the server has stopped
  let admin: Redis | undefined;
  const stop = async () => {
    admin?.disconnect();
    await reaper.release();
  };
  try {
    const { port, operatorPassword, server } = await launch(installed, dir, ca, reaper);
    admin = new Redis({
      host,
      port,
      username: operatorUser,
      password: operatorPassword,
      tls: { ca: ca.certificatePem },
      lazyConnect: true,
      maxRetriesPerRequest: 2,
    });
    admin.on('error', () => undefined); // each command reports its own failure; this only silences ioredis' logging
    await admin.connect();
    return valkeyServer({ endpoint: { host, port }, admin, server, installed, stop });
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Writes the server's files into `dir`, starts it, and waits until it listens. */
async function launch(installed: Installed, dir: string, ca: CertificateAuthority, reaper: Reaper) {
  const [certificate, port] = await Promise.all([issueServerCertificate(ca, [host, 'localhost']), freePort()]);
  const operatorPassword = randomBytes(24).toString('base64url');
  // Keys and passwords in files only the owner reads, never on a command line (which `ps` shows).
  writeFileSync(join(dir, 'server.key'), certificate.keyPem, { mode: 0o600 });
  writeFileSync(join(dir, 'server.crt'), certificate.certificatePem);
  writeFileSync(join(dir, 'ca.crt'), ca.certificatePem);
  writeFileSync(join(dir, 'valkey.conf'), configFile(dir, port, operatorPassword), { mode: 0o600 });
  const server = spawnLogged(
    { name: 'valkey', binary: installed.server, args: [join(dir, 'valkey.conf')], logFile: join(dir, 'valkey.log') },
    reaper,
  );
  await waitFor(
    'valkey to accept connections',
    () => Promise.resolve(server.logTail(5).includes(readyLine) ? true : undefined),
    { timeoutMs: 10_000, intervalMs: 10, abortIf: () => died(server) },
  );
  return { port, operatorPassword, server };
}

/** An error from Valkey about a user, without the password (an ACL rule it quotes back could hold it). */
const withoutPassword = (err: unknown, password: string): Error => {
  const message = err instanceof Error ? err.message : String(err);
  return new Error(message.split(password).join('<password>'));
};

interface Parts {
  readonly endpoint: { readonly host: string; readonly port: number };
  readonly admin: Redis;
  readonly server: LoggedProcess;
  readonly installed: Installed;
  readonly stop: () => Promise<void>;
}

function valkeyServer({ endpoint, admin, server, installed, stop }: Parts): ValkeyServer {
  const notTheOperator = (username: string) => {
    if (username === operatorUser || username === 'default')
      throw new Error(`${username} is the server's own login, not a user the simulator may manage`);
  };
  return {
    endpoint,
    cli: installed.cli,
    cliKnowsValkeyScheme: installed.isValkey,
    putUser: async (user) => {
      notTheOperator(user.username);
      try {
        // One command: `reset` then the rules, so the user never exists half-configured. A changed password or ACL
        // applies to the user's open connections at once; Valkey keeps them open.
        await admin.call('ACL', 'SETUSER', user.username, 'reset', ...aclRules(user));
      } catch (err) {
        throw withoutPassword(err, user.password);
      }
    },
    deleteUser: async (username) => {
      notTheOperator(username);
      // Valkey closes the user's open connections too; an unknown name deletes nothing (reply 0), which is fine.
      await admin.call('ACL', 'DELUSER', username);
    },
    logTail: (lines) => server.logTail(lines),
    stop,
  };
}

/** A real Valkey behind the simulated service `project/service`, its users made there with their ACL rules. */
export const attachValkey = (state: SimState, project: string, service: string): Promise<ValkeyServer> =>
  attachServer(state, project, service, startValkey);

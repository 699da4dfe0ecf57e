// A real Valkey behind the simulator for the credential proofs, and the two clients that prove them: ioredis (as a
// Node app connects) and the CLI installed with the server, each given only what an app's secret holds.
import { afterAll, afterEach, beforeAll } from '@jest/globals';
import type { KubeConfig, V1Secret } from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { valkeyKeys } from '../../handlers/valkey/keys.ts';
import { commonKeys } from '../../pkg/secret/labels.ts';
import type { AivenSimulator } from '../../sim/server.ts';
import { InMemoryUsers } from '../../sim/users.ts';
import { declareInstance } from '../../testenv/aiven-operator.ts';
import { startValkey, type ValkeyServer } from '../../testenv/servers/valkey.ts';

/** What an app's secret gives it for one Valkey instance. */
export interface ValkeyCredentials {
  /** VALKEY_URI_<INSTANCE>: valkeys://host:port. */
  readonly valkeyUri: string;
  /** REDIS_URI_<INSTANCE>: the same address as rediss://, the scheme Redis clients (ioredis) know. */
  readonly redisUri: string;
  readonly username: string;
  readonly password: string;
  /** AIVEN_CA: the project CA the server's certificate is signed by. */
  readonly ca: string;
}

export function valkeyCredentialsOf(secret: V1Secret | undefined, instance: string): ValkeyCredentials {
  const keys = valkeyKeys(instance);
  const value = (key: string): string => {
    const base64 = secret?.data?.[key];
    if (base64 === undefined) throw new Error(`the secret has no ${key}`);
    return Buffer.from(base64, 'base64').toString('utf8');
  };
  return {
    valkeyUri: value(keys.valkey.uri),
    redisUri: value(keys.redis.uri),
    username: value(keys.valkey.username),
    password: value(keys.valkey.password),
    ca: value(commonKeys.ca),
  };
}

/** What the CLI printed (stdout, then stderr) and its exit code; redis-cli/valkey-cli exit 0 on most refusals. */
export interface CliResult {
  readonly output: string;
  readonly code: number;
}

/**
 * One real Valkey for the enclosing describe block, its certificate from `project`'s CA in the simulator; clients
 * opened by `connect` are closed after each test.
 */
export function useRealValkey(simulator: { readonly sim: AivenSimulator }, project = 'dev-nais-dev') {
  let server: ValkeyServer | undefined;
  const clients: Redis[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'aivenator-valkey-clients-'));
  const simProject = () => {
    const found = simulator.sim.state.projects.get(project);
    if (!found) throw new Error(`no project ${project} in the simulator`);
    return found;
  };
  beforeAll(async () => {
    server = await startValkey(simProject().ca);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.disconnect();
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });
  const running = (): ValkeyServer => {
    if (!server) throw new Error('useRealValkey: the server is not running outside tests');
    return server;
  };

  return {
    get server(): ValkeyServer {
      return running();
    },

    /**
     * Namespace `namespace`'s Valkey `instance` (the service `valkey-<namespace>-<instance>`, the name the controller
     * looks for) in the simulator with the real server behind it, declared RUNNING as aiven-operator would.
     */
    serveInstance: async (kc: KubeConfig, namespace: string, instance: string): Promise<string> => {
      const name = `valkey-${namespace}-${instance}`;
      const { services } = simProject();
      const basePort = Math.max(...[...services.values()].map((s) => s.basePort)) + 10;
      // The simulator makes its services from the fixture only; a test's namespace is known once the test runs.
      // No replica (`extras: false`): its address would name no server.
      services.set(name, {
        project,
        fixture: { name, type: 'valkey', state: 'RUNNING', extras: false, databases: [] },
        createTime: new Date().toISOString(),
        basePort,
        users: new InMemoryUsers(undefined),
        kafkaAcls: [],
        openSearchAcl: { acls: [], enabled: false },
        databases: [],
      });
      await simulator.sim.state.attachReal(project, name, running());
      await declareInstance(kc, 'Valkey', namespace, name);
      return name;
    },

    /**
     * Connects with ioredis as an app would: the secret's rediss:// URI, username and password, trusting the
     * secret's CA unless `tls` says otherwise. Rejects with the reason the server or the TLS handshake gave
     * (ioredis' own rejection only says the connection closed); no retries, so a refusal is final.
     */
    connect: async (credentials: ValkeyCredentials, tls: ConnectionOptions = { ca: credentials.ca }) => {
      const client = new Redis(credentials.redisUri, {
        username: credentials.username,
        password: credentials.password,
        tls,
        lazyConnect: true,
        retryStrategy: () => null,
        maxRetriesPerRequest: 0,
      });
      clients.push(client);
      let reason: Error | undefined;
      client.on('error', (err: Error) => {
        reason ??= err;
      });
      try {
        await client.connect();
        return client;
      } catch (err) {
        throw reason ?? err;
      }
    },

    /**
     * The CLI installed with the server (valkey-cli, or redis-cli on the installer's fallback), over TLS to the
     * secret's URI as the secret's user: the password through REDISCLI_AUTH, never on the command line. The CA is
     * the secret's unless `cacert` is false (then OpenSSL's default trust store, which does not hold it).
     */
    cli: async (credentials: ValkeyCredentials, args: readonly string[], cacert = true): Promise<CliResult> => {
      const valkey = running();
      const caFile = join(scratch, 'ca.crt');
      writeFileSync(caFile, credentials.ca);
      const uri = valkey.cliKnowsValkeyScheme ? credentials.valkeyUri : credentials.redisUri;
      const argv = ['--tls', ...(cacert ? ['--cacert', caFile] : []), '-u', uri, '--user', credentials.username];
      return new Promise((resolve) => {
        execFile(
          valkey.cli,
          [...argv, ...args],
          { env: { ...process.env, REDISCLI_AUTH: credentials.password }, timeout: 10_000 },
          (err, stdout, stderr) => {
            const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
            resolve({ output: `${stdout}${stderr}`.trim(), code });
          },
        );
      });
    },
  };
}

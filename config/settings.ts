// The controller's one typed configuration: every setting is a flag and an environment variable (flags win),
// parsed once in main.ts and passed down frozen. Nothing else reads process.env or argv.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { duration } from './duration.ts';
import { kubernetesAccessSettings, listOf } from './kubernetes-settings.ts';

/** Each setting: its flag, its environment variable, and the schema its string value must satisfy. */
const definitions = {
  logFormat: {
    flag: 'log-format',
    env: 'AIVENATOR_LOG_FORMAT',
    schema: z.enum(['json', 'text']).default('json'),
    help: 'json (default, for log collectors) or text (for people)',
  },
  logLevel: {
    flag: 'log-level',
    env: 'AIVENATOR_LOG_LEVEL',
    schema: z.enum(['error', 'warn', 'info', 'debug']).default('info'),
    help: 'error, warn, info (default) or debug',
  },
  kubeconfig: {
    flag: 'kubeconfig',
    env: 'KUBECONFIG',
    schema: z.string().min(1).optional(),
    help: 'path to a kubeconfig; in a pod the service account is used when unset',
  },
  httpAddress: {
    flag: 'http-address',
    env: 'AIVENATOR_HTTP_ADDRESS',
    schema: z
      .string()
      .regex(/^[^:]*:\d+$/, 'expected host:port or :port')
      .default(':8080'),
    help: 'where /healthz, /readyz and /metrics listen (default :8080, every interface)',
  },
  watchNamespace: {
    flag: 'watch-namespace',
    env: 'AIVENATOR_WATCH_NAMESPACE',
    schema: z.string().min(1).optional(),
    help: 'only this namespace is watched and synchronized; every namespace when unset',
  },
  workers: {
    flag: 'workers',
    env: 'AIVENATOR_WORKERS',
    schema: z.coerce.number().int().min(1).max(100).default(10),
    help: 'concurrent reconciles per controller (default 10)',
  },
  reconcileTimeout: {
    flag: 'reconcile-timeout',
    env: 'AIVENATOR_RECONCILE_TIMEOUT',
    schema: duration('2m'),
    help: 'a reconcile is aborted after this long (default 2m)',
  },
  shutdownTimeout: {
    flag: 'shutdown-timeout',
    env: 'AIVENATOR_SHUTDOWN_TIMEOUT',
    schema: duration('30s'),
    help: 'on SIGTERM, in-flight reconciles get this long to finish (default 30s)',
  },
  leaderElect: {
    flag: 'leader-elect',
    env: 'AIVENATOR_LEADER_ELECT',
    schema: z.stringbool().default(true),
    help: 'only the holder of a Lease reconciles (default true); false for a single replica without the Role',
  },
  leaderElectionNamespace: {
    flag: 'leader-election-namespace',
    env: 'AIVENATOR_LEADER_ELECTION_NAMESPACE',
    schema: z.string().min(1).default('default'),
    help: "the Lease's namespace; the chart sets the controller's own (default default)",
  },
  leaderElectionId: {
    flag: 'leader-election-id',
    env: 'AIVENATOR_LEADER_ELECTION_ID',
    schema: z.string().min(1).default('aivenator'),
    help: "the Lease's name (default aivenator)",
  },
  leaseDuration: {
    flag: 'lease-duration',
    env: 'AIVENATOR_LEASE_DURATION',
    schema: duration('15s'),
    help: 'how long a standby waits before taking over an unrenewed lease (default 15s)',
  },
  renewDeadline: {
    flag: 'renew-deadline',
    env: 'AIVENATOR_RENEW_DEADLINE',
    schema: duration('10s'),
    help: 'the leader stops if it cannot renew for this long (default 10s)',
  },
  retryPeriod: {
    flag: 'retry-period',
    env: 'AIVENATOR_RETRY_PERIOD',
    schema: duration('2s'),
    help: 'how often leaders renew and standbys try (default 2s)',
  },
  userGracePeriod: {
    flag: 'user-grace-period',
    env: 'AIVENATOR_USER_GRACE_PERIOD',
    schema: duration('1h'),
    help: 'a user a new generation replaces is deleted this long after (default 1h), so running pods keep working',
  },
  cleanupRetryInterval: {
    flag: 'cleanup-retry-interval',
    env: 'AIVENATOR_CLEANUP_RETRY_INTERVAL',
    schema: duration('10m'),
    help: 'how often the finalizer retries a cleanup Aiven refused (revoked token, project gone) (default 10m)',
  },
  janitorInterval: {
    flag: 'janitor-interval',
    env: 'AIVENATOR_JANITOR_INTERVAL',
    schema: duration('15m'),
    help: 'how often the janitor looks at each namespace besides after each synchronization (default 15m, +10% jitter)',
  },
  driftPeriod: {
    flag: 'drift-period',
    env: 'AIVENATOR_DRIFT_PERIOD',
    schema: duration('1h'),
    help: "how often each Aiven service's users are listed (once per service and token) and an app whose user is gone is synchronized again (default 1h; 0s turns it off)",
  },
  janitorDryRun: {
    flag: 'janitor-dry-run',
    env: 'AIVENATOR_JANITOR_DRY_RUN',
    schema: z.stringbool().default(false),
    help: 'the janitor logs and counts the secrets it would delete and deletes none (default false)',
  },
  aivenUrl: {
    flag: 'aiven-url',
    env: 'AIVENATOR_AIVEN_URL',
    schema: z.url().default('https://api.aiven.io'),
    help: "Aiven's API (default https://api.aiven.io); the simulator's URL in tests and make demo",
  },
  aivenToken: {
    flag: 'aiven-token',
    env: 'AIVENATOR_AIVEN_TOKEN',
    schema: z.string().min(1).optional(),
    help: 'the Aiven API token (prefer the environment: flags show in process listings); never logged',
  },
  controllerNamespace: {
    flag: 'controller-namespace',
    env: 'AIVENATOR_CONTROLLER_NAMESPACE',
    schema: z.string().min(1).default('default'),
    help: "the controller's own namespace, where the default token secret is (the chart sets it; default default)",
  },
  defaultTokenSecret: {
    flag: 'default-token-secret',
    env: 'AIVENATOR_DEFAULT_TOKEN_SECRET',
    schema: z.string().min(1).optional(),
    help: 'name of the secret in the controller namespace holding the default Aiven token; watched, so rotation needs no restart',
  },
  defaultTokenSecretKey: {
    flag: 'default-token-secret-key',
    env: 'AIVENATOR_DEFAULT_TOKEN_SECRET_KEY',
    schema: z.string().min(1).default('token'),
    help: 'the key of the default token secret that holds the token (default token)',
  },
  recordKeySecret: {
    flag: 'record-key-secret',
    env: 'AIVENATOR_RECORD_KEY_SECRET',
    schema: z.string().min(1).default('aivenator-record-keys'),
    help: "the secret in the controller namespace holding the keys that sign managed secrets' records; created when missing, watched (default aivenator-record-keys)",
  },
  acceptUnsignedRecords: {
    flag: 'accept-unsigned-records',
    env: 'AIVENATOR_ACCEPT_UNSIGNED_RECORDS',
    schema: z.stringbool().default(true),
    help: "clean up the users a record without a valid signature names when they derive from the secret's namespace and app (nais/aivenator's secrets); false once none are left (default true)",
  },
  appTokenSecrets: {
    flag: 'app-token-secrets',
    env: 'AIVENATOR_APP_TOKEN_SECRETS',
    schema: z.stringbool().default(true),
    help: "apps may name their own token secret (spec.authSecretRef); false: only the controller's token is used (default true)",
  },
  verifyToken: {
    flag: 'verify-token',
    env: 'AIVENATOR_VERIFY_TOKEN',
    schema: z.stringbool().default(false),
    help: "check the controller's own token against Aiven once at start-up and log the result (default false)",
  },
  kafkaPools: {
    flag: 'projects',
    env: 'AIVENATOR_PROJECTS',
    schema: listOf('dev-nais-dev'),
    help: 'the Kafka pools (Aiven projects) apps may ask for, separated by spaces or commas (default dev-nais-dev)',
  },
  ...kubernetesAccessSettings,
  mainProject: {
    flag: 'main-project',
    env: 'AIVENATOR_MAIN_PROJECT',
    schema: z.string().min(1).default('dev-nais-dev'),
    help: 'the Aiven project of the OpenSearch, PostgreSQL and Valkey services, and of AIVEN_CA (default dev-nais-dev)',
  },
} as const;

type Definitions = typeof definitions;
export type SettingName = keyof Definitions;
export type Settings = Readonly<{ [K in SettingName]: z.output<Definitions[K]['schema']> }>;

/** A bad setting, named both ways so the operator finds it whichever way it was given. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

// Cast: Object.keys widens to string[]; these are exactly the keys of `definitions`.
const names = Object.keys(definitions) as SettingName[];

/** Settings that are yes or no: given bare (`--leader-elect`), the flag means true. */
const isBoolean = (name: SettingName): boolean => definitions[name].schema.safeParse('true').data === true;

/** `--flag` alone (at the end, or before another flag) is `--flag=true` for a boolean setting. */
function withBareBooleans(argv: readonly string[]): string[] {
  const booleans = new Set(names.filter(isBoolean).map((name) => `--${definitions[name].flag}`));
  return argv.map((arg, i) => (booleans.has(arg) && (argv[i + 1]?.startsWith('--') ?? true) ? `${arg}=true` : arg));
}

function readFlags(argv: readonly string[]): Partial<Record<SettingName, string>> {
  const options = Object.fromEntries(names.map((name) => [definitions[name].flag, { type: 'string' as const }]));
  try {
    const { values } = parseArgs({ args: withBareBooleans(argv), options, strict: true, allowPositionals: false });
    return Object.fromEntries(
      names.flatMap((name) => {
        const value = values[definitions[name].flag];
        return typeof value === 'string' ? [[name, value]] : [];
      }),
    );
  } catch (err) {
    throw new SettingsError(`${err instanceof Error ? err.message : String(err)}; see --help for every setting`);
  }
}

/** Parses flags and environment into frozen Settings, or throws one SettingsError naming every bad setting. */
export function loadSettings(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Settings {
  const flags = readFlags(argv);
  const problems: string[] = [];
  const entries = names.map((name) => {
    const { flag, env: variable, schema } = definitions[name];
    const raw = flags[name] ?? (env[variable] === '' ? undefined : env[variable]);
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((issue) => issue.message).join('; ');
      problems.push(`--${flag} / ${variable}: ${reason} (got ${JSON.stringify(raw)})`);
    }
    return [name, parsed.data];
  });
  if (problems.length > 0) throw new SettingsError(`invalid settings: ${problems.join(', ')}`);
  // Cast: fromEntries loses the pairing; each entry is one setting, parsed by its own schema just above.
  const settings = Object.freeze(Object.fromEntries(entries)) as Settings;
  checkLeaderElectionTimings(settings);
  return settings;
}

/** client-go's rule: a leader must give up before a standby may take over, and renew more often than that. */
function checkLeaderElectionTimings({ leaseDuration, renewDeadline, retryPeriod }: Settings): void {
  if (!(retryPeriod < renewDeadline && renewDeadline < leaseDuration)) {
    throw new SettingsError(
      'invalid settings: --retry-period < --renew-deadline < --lease-duration must hold ' +
        `(got ${String(retryPeriod)} ms, ${String(renewDeadline)} ms, ${String(leaseDuration)} ms)`,
    );
  }
}

/** `--help`: every setting, its flag, its environment variable and what it does (with its default). */
export function usage(): string {
  const lines = names.map((name) => {
    const { flag, env, help } = definitions[name];
    return `  --${flag}${isBoolean(name) ? '[=true|false]' : '=<value>'}  (${env})\n      ${help}`;
  });
  return `Usage: aivenator [flags]\nEvery setting is a flag or an environment variable; the flag wins.\n\n${lines.join('\n')}\n`;
}

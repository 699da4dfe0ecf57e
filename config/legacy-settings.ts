// nais/aivenator's settings, read the way it read them, so that its Deployment (flags, environment, the chart's env
// block) starts this controller unchanged. Each one used is turned into this controller's own setting, or dropped when
// it has no meaning here, with a notice the process logs as a warning saying what to use instead. Pure.

export interface LegacyTranslation {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** One line per nais/aivenator setting found: what it became, or why it is ignored. */
  readonly notices: readonly string[];
}

/** A setting nais/aivenator had: its flag (without dashes) and environment variable. */
interface Legacy {
  readonly flag: string;
  readonly env: string;
}

/** Renamed here: the value is used as is. */
const renamed: readonly (Legacy & { readonly to: Legacy; readonly why: string })[] = [
  {
    flag: 'metrics-address',
    env: 'AIVENATOR_METRICS_ADDRESS',
    to: { flag: 'http-address', env: 'AIVENATOR_HTTP_ADDRESS' },
    why: 'it serves /metrics, /healthz and /readyz',
  },
  {
    flag: 'sync-period',
    env: 'AIVENATOR_SYNC_PERIOD',
    to: { flag: 'drift-period', env: 'AIVENATOR_DRIFT_PERIOD' },
    why:
      "each period every Aiven service's users are listed once and an app whose user is gone is synchronized again; " +
      'a spec, a secret or a token that changes is acted on at once',
  },
];

/** Accepted and ignored, with what to use instead. */
const ignored: readonly (Legacy & { readonly why: string })[] = [
  {
    flag: 'kubernetes-write-retry-interval',
    env: 'AIVENATOR_KUBERNETES_WRITE_RETRY_INTERVAL',
    why: 'a failed write is retried with exponential backoff (nais/aivenator never read this setting)',
  },
];

/** aiven-go-client's own variable for Aiven's API, which nais/aivenator's client read. */
const aivenWebUrl = { env: 'AIVEN_WEB_URL', to: { flag: 'aiven-url', env: 'AIVENATOR_AIVEN_URL' } } as const;

/** logrus's levels that this logger does not have, and the nearest it has. */
const logLevels: Readonly<Record<string, string>> = { warning: 'warn', trace: 'debug', fatal: 'error', panic: 'error' };

const both = ({ flag, env }: Legacy): string => `--${flag} / ${env}`;

/** Where a flag is in argv, and its value: `--name=value` (one argument) or `--name value` (two). */
function findFlag(argv: readonly string[], name: string): { index: number; value: string; width: 1 | 2 } | undefined {
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (arg.startsWith(`--${name}=`)) return { index, value: arg.slice(name.length + 3), width: 1 };
    if (arg === `--${name}` && index + 1 < argv.length) return { index, value: argv[index + 1] ?? '', width: 2 };
  }
  return undefined;
}

function withoutFlag(argv: readonly string[], found: { index: number; width: 1 | 2 }): string[] {
  return [...argv.slice(0, found.index), ...argv.slice(found.index + found.width)];
}

const present = (env: Readonly<Record<string, string | undefined>>, name: string): boolean =>
  env[name] !== undefined && env[name] !== '';

/** The settings being translated, and what was said about them. */
interface Translation {
  argv: string[];
  readonly env: Record<string, string | undefined>;
  readonly notices: string[];
}

function rename(t: Translation, setting: (typeof renamed)[number]): void {
  const found = findFlag(t.argv, setting.flag);
  if (found) {
    t.argv = withoutFlag(t.argv, found);
    if (findFlag(t.argv, setting.to.flag)) t.notices.push(`--${setting.flag} is ignored: --${setting.to.flag} is set`);
    else t.argv.push(`--${setting.to.flag}=${found.value}`);
  }
  const fromEnv = present(t.env, setting.env);
  if (fromEnv && !present(t.env, setting.to.env)) t.env[setting.to.env] = t.env[setting.env];
  if (found || fromEnv)
    t.notices.push(`${both(setting)} is nais/aivenator's name for ${both(setting.to)} (${setting.why}); use that`);
}

function ignore(t: Translation, setting: (typeof ignored)[number]): void {
  const found = findFlag(t.argv, setting.flag);
  if (found) t.argv = withoutFlag(t.argv, found);
  if (found || present(t.env, setting.env)) t.notices.push(`${both(setting)} is ignored: ${setting.why}`);
}

function readAivenWebUrl(t: Translation): void {
  if (!present(t.env, aivenWebUrl.env)) return;
  if (!present(t.env, aivenWebUrl.to.env)) t.env[aivenWebUrl.to.env] = t.env[aivenWebUrl.env];
  t.notices.push(`${aivenWebUrl.env} is read as ${both(aivenWebUrl.to)}; use that`);
}

const levelNotice = (given: string, nearest: string) =>
  `log level ${given} (nais/aivenator's logrus) is read as ${nearest}`;

function readLogLevel(t: Translation): void {
  const flag = findFlag(t.argv, 'log-level');
  const fromFlag = flag && logLevels[flag.value.toLowerCase()];
  if (flag && fromFlag) {
    t.argv = [...withoutFlag(t.argv, flag), `--log-level=${fromFlag}`];
    t.notices.push(levelNotice(flag.value, fromFlag));
  }
  const given = t.env.AIVENATOR_LOG_LEVEL;
  const fromEnv = given === undefined ? undefined : logLevels[given.toLowerCase()];
  if (given !== undefined && fromEnv) {
    t.env.AIVENATOR_LOG_LEVEL = fromEnv;
    t.notices.push(levelNotice(given, fromEnv));
  }
}

/** Turns nais/aivenator's flags and environment into this controller's, with a notice for each one found. */
export function translateLegacySettings(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): LegacyTranslation {
  const t: Translation = { argv: [...argv], env: { ...env }, notices: [] };
  for (const setting of renamed) rename(t, setting);
  for (const setting of ignored) ignore(t, setting);
  readAivenWebUrl(t);
  readLogLevel(t);
  return t;
}

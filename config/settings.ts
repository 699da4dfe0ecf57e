// The controller's one typed configuration: every setting is a flag and an environment variable (flags win),
// parsed once in main.ts and passed down frozen. Nothing else reads process.env or argv.
import { parseArgs } from 'node:util';
import { z } from 'zod';

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
} as const;

type Definitions = typeof definitions;
export type SettingName = keyof Definitions;
export type Settings = Readonly<{ [K in SettingName]: z.output<Definitions[K]['schema']> }>;

/** A bad setting, named both ways so the operator finds it whichever way it was given. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

const names = Object.keys(definitions) as SettingName[];

function readFlags(argv: readonly string[]): Partial<Record<SettingName, string>> {
  const options = Object.fromEntries(names.map((name) => [definitions[name].flag, { type: 'string' as const }]));
  try {
    const { values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
    return Object.fromEntries(
      names.flatMap((name) => {
        const value = values[definitions[name].flag];
        return typeof value === 'string' ? [[name, value]] : [];
      }),
    );
  } catch (err) {
    throw new SettingsError(`${err instanceof Error ? err.message : String(err)}; flags: ${describeSettings()}`);
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
  return Object.freeze(Object.fromEntries(entries)) as Settings;
}

/** One line per setting, for --help and for errors. */
export function describeSettings(): string {
  return names
    .map((name) => `--${definitions[name].flag} / ${definitions[name].env}: ${definitions[name].help}`)
    .join('; ');
}

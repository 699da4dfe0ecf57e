import { describe, expect, test } from '@jest/globals';
import { loadSettings, SettingsError, type Settings } from './settings.ts';

interface GoodCase {
  readonly name: string;
  readonly argv: string[];
  readonly env: Record<string, string>;
  readonly expected: Partial<Settings>;
}

const goodCases: GoodCase[] = [
  {
    name: 'defaults when nothing is set',
    argv: [],
    env: {},
    expected: { logFormat: 'json', logLevel: 'info', kubeconfig: undefined },
  },
  {
    name: 'environment variables',
    argv: [],
    env: { AIVENATOR_LOG_FORMAT: 'text', AIVENATOR_LOG_LEVEL: 'debug', KUBECONFIG: '/k' },
    expected: { logFormat: 'text', logLevel: 'debug', kubeconfig: '/k' },
  },
  {
    name: 'flags over environment',
    argv: ['--log-format', 'json', '--kubeconfig=/flag'],
    env: { AIVENATOR_LOG_FORMAT: 'text', KUBECONFIG: '/env' },
    expected: { logFormat: 'json', kubeconfig: '/flag' },
  },
  { name: 'an empty variable as unset', argv: [], env: { AIVENATOR_LOG_LEVEL: '' }, expected: { logLevel: 'info' } },
  {
    name: 'runtime defaults',
    argv: [],
    env: {},
    expected: {
      httpAddress: ':8080',
      workers: 10,
      reconcileTimeout: 120_000,
      shutdownTimeout: 30_000,
      leaderElect: true,
      leaderElectionNamespace: 'default',
      leaderElectionId: 'aivenator',
      leaseDuration: 15_000,
      renewDeadline: 10_000,
      retryPeriod: 2000,
    },
  },
  {
    name: 'durations, numbers and booleans',
    argv: [
      '--lease-duration=4s',
      '--renew-deadline=3000ms',
      '--retry-period=500ms',
      '--workers=3',
      '--leader-elect=false',
    ],
    env: { AIVENATOR_SHUTDOWN_TIMEOUT: '1m', AIVENATOR_RECONCILE_TIMEOUT: '1h' },
    expected: {
      leaseDuration: 4000,
      renewDeadline: 3000,
      retryPeriod: 500,
      workers: 3,
      leaderElect: false,
      shutdownTimeout: 60_000,
      reconcileTimeout: 3_600_000,
    },
  },
  {
    name: 'bare boolean flags as true, and a value after a space',
    argv: ['--janitor-dry-run', '--verify-token', '--workers=3', '--leader-elect', 'false'],
    env: {},
    expected: { janitorDryRun: true, verifyToken: true, workers: 3, leaderElect: false },
  },
  {
    name: 'a bare boolean flag last',
    argv: ['--workers=3', '--janitor-dry-run'],
    env: {},
    expected: { janitorDryRun: true },
  },
  {
    name: "durations in Go's form",
    argv: ['--drift-period=1h0m0s', '--janitor-interval=1h30m'],
    env: { AIVENATOR_USER_GRACE_PERIOD: '2m30s' },
    expected: { driftPeriod: 3_600_000, janitorInterval: 5_400_000, userGracePeriod: 150_000 },
  },
  {
    name: 'the Aiven settings, pools split on spaces and commas',
    argv: ['--projects', 'dev-nais-dev nav-prod,nav-dev'],
    env: {
      AIVENATOR_AIVEN_TOKEN: 't0ken',
      AIVENATOR_MAIN_PROJECT: 'nav-prod',
      AIVENATOR_AIVEN_URL: 'http://127.0.0.1:8089',
    },
    expected: {
      kafkaPools: ['dev-nais-dev', 'nav-prod', 'nav-dev'],
      aivenToken: 't0ken',
      mainProject: 'nav-prod',
      aivenUrl: 'http://127.0.0.1:8089',
    },
  },
];

interface BadCase {
  readonly name: string;
  readonly argv: string[];
  readonly env: Record<string, string>;
  readonly mentions: string[];
}

const badCases: BadCase[] = [
  {
    name: 'an unknown log format, naming flag and variable',
    argv: [],
    env: { AIVENATOR_LOG_FORMAT: 'yaml' },
    mentions: ['--log-format / AIVENATOR_LOG_FORMAT', '"yaml"'],
  },
  {
    name: 'every bad setting at once',
    argv: ['--log-level=loud'],
    env: { AIVENATOR_LOG_FORMAT: 'xml' },
    mentions: ['--log-level', '"loud"', '--log-format', '"xml"'],
  },
  {
    name: 'an unknown flag, listing the known ones',
    argv: ['--log-fromat=text'],
    env: {},
    mentions: ["'--log-fromat'", 'see --help'],
  },
  { name: 'a stray argument', argv: ['text'], env: {}, mentions: ["'text'"] },
  {
    name: 'a duration without a unit',
    argv: ['--lease-duration=15'],
    env: {},
    mentions: ['--lease-duration / AIVENATOR_LEASE_DURATION', 'expected a duration'],
  },
  { name: 'zero workers', argv: [], env: { AIVENATOR_WORKERS: '0' }, mentions: ['--workers / AIVENATOR_WORKERS'] },
  { name: 'a boolean that is not one', argv: ['--leader-elect=maybe'], env: {}, mentions: ['--leader-elect'] },
  {
    name: 'an address without a port',
    argv: ['--http-address=localhost'],
    env: {},
    mentions: ['--http-address', 'host:port'],
  },
  {
    name: 'a renew deadline longer than the lease',
    argv: ['--renew-deadline=20s'],
    env: {},
    mentions: ['--retry-period < --renew-deadline < --lease-duration'],
  },
  {
    name: 'an Aiven URL that is not one',
    argv: ['--aiven-url=api.aiven.io'],
    env: {},
    mentions: ['--aiven-url / AIVENATOR_AIVEN_URL'],
  },
];

describe('loadSettings', () => {
  test.each(goodCases)('reads $name', ({ argv, env, expected }) => {
    expect(loadSettings(argv, env)).toMatchObject(expected);
  });

  test('returns frozen settings', () => {
    expect(Object.isFrozen(loadSettings([], {}))).toBe(true);
  });

  test.each(badCases)('rejects $name', ({ argv, env, mentions }) => {
    const load = () => loadSettings(argv, env);
    expect(load).toThrow(SettingsError);
    for (const mention of mentions) expect(load).toThrow(mention);
  });
});

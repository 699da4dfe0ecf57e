import { describe, expect, test } from '@jest/globals';
import { translateLegacySettings } from './legacy-settings.ts';
import { loadSettings } from './settings.ts';

describe("nais/aivenator's settings", () => {
  test.each([
    {
      name: '--metrics-address as --http-address',
      argv: ['--metrics-address=0.0.0.0:8080'],
      env: {},
      expected: { httpAddress: '0.0.0.0:8080' },
      notice: "--metrics-address / AIVENATOR_METRICS_ADDRESS is nais/aivenator's name for --http-address",
    },
    {
      name: '--metrics-address with its value as the next argument',
      argv: ['--metrics-address', '127.0.0.1:9090', '--workers=3'],
      env: {},
      expected: { httpAddress: '127.0.0.1:9090', workers: 3 },
      notice: '--metrics-address',
    },
    {
      name: 'AIVENATOR_METRICS_ADDRESS as AIVENATOR_HTTP_ADDRESS (the Go chart sets it)',
      argv: [],
      env: { AIVENATOR_METRICS_ADDRESS: '0.0.0.0:8080' },
      expected: { httpAddress: '0.0.0.0:8080' },
      notice: 'AIVENATOR_METRICS_ADDRESS',
    },
    {
      name: 'AIVENATOR_METRICS_ADDRESS, where AIVENATOR_HTTP_ADDRESS wins',
      argv: [],
      env: { AIVENATOR_METRICS_ADDRESS: '0.0.0.0:8080', AIVENATOR_HTTP_ADDRESS: ':9000' },
      expected: { httpAddress: ':9000' },
      notice: 'AIVENATOR_METRICS_ADDRESS',
    },
    {
      name: '--metrics-address, where --http-address wins',
      argv: ['--http-address=:9000', '--metrics-address=:8080'],
      env: {},
      expected: { httpAddress: ':9000' },
      notice: '--metrics-address is ignored: --http-address is set',
    },
    {
      name: '--sync-period as --drift-period',
      argv: ['--sync-period=30m'],
      env: {},
      expected: { driftPeriod: 1_800_000 },
      notice: "--sync-period / AIVENATOR_SYNC_PERIOD is nais/aivenator's name for --drift-period",
    },
    {
      name: '--kubernetes-write-retry-interval and its variable, ignored',
      argv: ['--kubernetes-write-retry-interval', '10s'],
      env: { AIVENATOR_KUBERNETES_WRITE_RETRY_INTERVAL: '10s' },
      expected: {},
      notice: 'is ignored: a failed write is retried with exponential backoff',
    },
    {
      name: "aiven-go-client's AIVEN_WEB_URL as the Aiven URL",
      argv: [],
      env: { AIVEN_WEB_URL: 'https://aiven.example' },
      expected: { aivenUrl: 'https://aiven.example' },
      notice: 'AIVEN_WEB_URL is read as --aiven-url / AIVENATOR_AIVEN_URL',
    },
    {
      name: 'log level warning as warn',
      argv: ['--log-level=warning'],
      env: {},
      expected: { logLevel: 'warn' },
      notice: "log level warning (nais/aivenator's logrus) is read as warn",
    },
    {
      name: 'log level trace (from the environment) as debug',
      argv: [],
      env: { AIVENATOR_LOG_LEVEL: 'trace' },
      expected: { logLevel: 'debug' },
      notice: 'read as debug',
    },
    {
      name: 'log levels fatal and panic as error',
      argv: ['--log-level', 'PANIC'],
      env: {},
      expected: { logLevel: 'error' },
      notice: 'read as error',
    },
    {
      name: "the Go chart's whole environment",
      argv: [],
      env: {
        AIVENATOR_LOG_FORMAT: 'json',
        AIVENATOR_METRICS_ADDRESS: '0.0.0.0:8080',
        AIVENATOR_PROJECTS: 'nav-dev nav-integration-test',
        AIVENATOR_MAIN_PROJECT: 'nav-dev',
        NAIS_CLUSTER_NAME: 'dev-gcp',
        AIVENATOR_AIVEN_TOKEN: 'a-token',
      },
      expected: {
        logFormat: 'json',
        httpAddress: '0.0.0.0:8080',
        kafkaPools: ['nav-dev', 'nav-integration-test'],
        mainProject: 'nav-dev',
        aivenToken: 'a-token',
      },
      notice: 'AIVENATOR_METRICS_ADDRESS',
    },
  ])('reads $name', ({ argv, env, expected, notice }) => {
    const translated = translateLegacySettings(argv, env);
    expect(loadSettings(translated.argv, translated.env)).toMatchObject(expected);
    expect(translated.notices.join('\n')).toContain(notice);
  });

  test('leaves settings of its own alone and says nothing', () => {
    const argv = ['--http-address=:8080', '--log-level', 'debug'];
    const env = { AIVENATOR_LOG_LEVEL: 'info', AIVENATOR_AIVEN_URL: 'https://api.aiven.io' };
    expect(translateLegacySettings(argv, env)).toEqual({ argv, env, notices: [] });
  });

  test('an unknown log level still fails as before, naming the setting', () => {
    const translated = translateLegacySettings(['--log-level=loud'], {});
    expect(() => loadSettings(translated.argv, translated.env)).toThrow('--log-level');
  });
});

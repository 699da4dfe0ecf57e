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
    mentions: ["'--log-fromat'", '--log-format / AIVENATOR_LOG_FORMAT'],
  },
  { name: 'a stray argument', argv: ['text'], env: {}, mentions: ["'text'"] },
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

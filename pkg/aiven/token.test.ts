import { describe, expect, test } from '@jest/globals';
import {
  formatTokenSource,
  parseTokenSource,
  readToken,
  recordedSourceFor,
  tokenSourceOf,
  type SecretView,
  type TokenConfig,
  type TokenSource,
} from './token.ts';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const secrets: Record<string, SecretView> = {
  'team/own': { resourceVersion: '11', data: { token: b64('app-token\n') } },
  'aivenator/central': { resourceVersion: '22', data: { token: b64('default-token') } },
  'team/no-key': { resourceVersion: '1', data: { other: b64('x') } },
  'team/empty': { resourceVersion: '1', data: { token: b64('  ') } },
};
const read = (namespace: string, name: string) => secrets[`${namespace}/${name}`];
const defaultSecret = { namespace: 'aivenator', name: 'central', key: 'token' };

function resolve(ref: string | undefined, config: Partial<TokenConfig>) {
  const full: TokenConfig = { appSecretsAllowed: true, ...config };
  const app = { namespace: 'team', ...(ref ? { authSecretRef: { name: ref, key: 'token' } } : {}) };
  const result = readToken(tokenSourceOf(app, full), read, full);
  return result.ok ? { token: result.token, version: result.version } : { reason: result.reason };
}

describe('token sources, in priority order', () => {
  test.each<[string, string | undefined, Partial<TokenConfig>, object]>([
    [
      'resource + default + env → resource',
      'own',
      { defaultSecret, environmentToken: 'env-token' },
      { token: 'app-token', version: '11' },
    ],
    ['resource + default → resource', 'own', { defaultSecret }, { token: 'app-token', version: '11' }],
    ['resource + env → resource', 'own', { environmentToken: 'env-token' }, { token: 'app-token', version: '11' }],
    ['resource alone → resource', 'own', {}, { token: 'app-token', version: '11' }],
    [
      'default + env → default',
      undefined,
      { defaultSecret, environmentToken: 'env-token' },
      { token: 'default-token', version: '22' },
    ],
    ['default alone → default', undefined, { defaultSecret }, { token: 'default-token', version: '22' }],
    ['env alone → env', undefined, { environmentToken: 'env-token' }, { token: 'env-token', version: 'environment' }],
    ['nothing → error', undefined, {}, { reason: 'MissingAivenToken' }],
  ])('%s', (_, ref, config, expected) => {
    expect(resolve(ref, config)).toEqual(expected);
  });

  test.each<[string, string | undefined, Partial<TokenConfig>, string]>([
    [
      "the app's secret is missing: no fallback to the default",
      'gone',
      { defaultSecret, environmentToken: 'e' },
      'AivenTokenSecretNotFound',
    ],
    ["the app's secret lacks the key", 'no-key', { defaultSecret }, 'AivenTokenKeyNotFound'],
    ["the app's token is blank", 'empty', { defaultSecret }, 'AivenTokenEmpty'],
    [
      'the default secret is missing: no fallback to the environment',
      undefined,
      { defaultSecret: { ...defaultSecret, name: 'gone' }, environmentToken: 'e' },
      'AivenTokenSecretNotFound',
    ],
    ['per-app tokens are off', 'own', { defaultSecret, appSecretsAllowed: false }, 'AuthSecretRefNotAllowed'],
  ])('%s', (_, ref, config, reason) => {
    expect(resolve(ref, config)).toEqual({ reason });
  });

  test('messages name what was looked for and never a token', () => {
    const full: TokenConfig = { appSecretsAllowed: true, defaultSecret };
    const result = readToken(
      tokenSourceOf({ namespace: 'team', authSecretRef: { name: 'no-key', key: 'token' } }, full),
      read,
      full,
    );
    expect(result).toMatchObject({
      message: 'secret team/no-key has no key token: looked for key token of secret team/no-key (spec.authSecretRef)',
    });
    const none = readToken(undefined, read, { appSecretsAllowed: true });
    expect(none.ok ? '' : none.message).toContain('AIVENATOR_AIVEN_TOKEN is not set');
  });
});

describe('recorded token sources', () => {
  test.each<TokenSource>([
    { kind: 'environment' },
    { kind: 'authSecretRef', ref: { namespace: 'team', name: 'own', key: 'token' } },
    { kind: 'default', ref: defaultSecret },
  ])('%j survives formatting and parsing', (source) => {
    expect(parseTokenSource(formatTokenSource(source))).toEqual(source);
  });

  test.each([undefined, '', 'secret', 'default:a/b', 'other:a/b/c'])('%j is no source', (text) => {
    expect(parseTokenSource(text)).toBeUndefined();
  });
});

describe('recordedSourceFor (which token cleanup may use, before anything is read)', () => {
  const config: TokenConfig = { appSecretsAllowed: true, defaultSecret, environmentToken: 'env-token' };
  const own = { kind: 'default', ref: defaultSecret };
  test.each([
    { name: 'nothing recorded (nais/aivenator secrets): the own token', recorded: undefined, source: own },
    { name: 'the environment', recorded: 'environment', source: { kind: 'environment' } },
    {
      name: 'a token secret in the secret namespace',
      recorded: 'authSecretRef:team/own/token',
      source: { kind: 'authSecretRef', ref: { namespace: 'team', name: 'own', key: 'token' } },
    },
    {
      name: 'the default token, wherever the record says it is: the own',
      recorded: 'default:team/fake/token',
      source: own,
    },
  ])('trusts $name', ({ recorded, source }) => {
    expect(recordedSourceFor(recorded, 'team', config)).toEqual({ ok: true, source });
  });

  test.each([
    { name: "another namespace's token secret", recorded: 'authSecretRef:victim/their-token/token', says: 'victim' },
    { name: 'a value aivenator never writes', recorded: 'authSecretRef:../x', says: 'not one aivenator writes' },
  ])('refuses $name', ({ recorded, says }) => {
    const result = recordedSourceFor(recorded, 'team', config);
    expect(result).toMatchObject({ ok: false, reason: 'UntrustedTokenSource' });
    expect(result.ok ? '' : result.message).toContain(says);
  });
});

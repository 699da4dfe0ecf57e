// Where an app's Aiven token comes from, in priority order: the app's own spec.authSecretRef (a Secret in its
// namespace), the controller's default token secret, the controller's environment. Pure: secrets are read through a
// port (the caches). Secrets record the source (formatTokenSource), never the token.

export interface SecretKeyRef {
  readonly namespace: string;
  readonly name: string;
  readonly key: string;
}

export type TokenSource =
  | { readonly kind: 'authSecretRef'; readonly ref: SecretKeyRef }
  | { readonly kind: 'default'; readonly ref: SecretKeyRef }
  | { readonly kind: 'environment' };

export interface TokenConfig {
  /** The controller's default token secret (`--default-token-secret`), in its own namespace. */
  readonly defaultSecret?: SecretKeyRef;
  /** AIVENATOR_AIVEN_TOKEN (local runs, backward compatibility). */
  readonly environmentToken?: string;
  /** Per-app tokens (`spec.authSecretRef`) allowed; off in the centralized mode. */
  readonly appSecretsAllowed: boolean;
}

/** What the secret caches hold of one secret: its version and its (base64) data. */
export interface SecretView {
  readonly resourceVersion: string;
  readonly data: Readonly<Record<string, string>>;
}

export type SecretReader = (namespace: string, name: string) => SecretView | undefined;

export const tokenReasons = [
  'MissingAivenToken',
  'AuthSecretRefNotAllowed',
  'AivenTokenSecretNotFound',
  'AivenTokenKeyNotFound',
  'AivenTokenEmpty',
  'AivenTokenRejected',
  'UntrustedTokenSource',
] as const;
export type TokenReason = (typeof tokenReasons)[number];

export type TokenRead =
  | { readonly ok: true; readonly source: TokenSource; readonly version: string; readonly token: string }
  | { readonly ok: false; readonly reason: TokenReason; readonly message: string };

/** For messages and logs: where the token was looked for, never the token. */
export function describeTokenSource(source: TokenSource): string {
  if (source.kind === 'environment') return 'AIVENATOR_AIVEN_TOKEN';
  const { namespace, name, key } = source.ref;
  const via = source.kind === 'authSecretRef' ? 'spec.authSecretRef' : 'the default token secret';
  return `key ${key} of secret ${namespace}/${name} (${via})`;
}

/** The app's source: its own reference wins, then the default secret, then the environment; undefined: none. */
export function tokenSourceOf(
  app: { readonly namespace: string; readonly authSecretRef?: { name: string; key: string } },
  config: TokenConfig,
): TokenSource | undefined {
  if (app.authSecretRef) return { kind: 'authSecretRef', ref: { namespace: app.namespace, ...app.authSecretRef } };
  if (config.defaultSecret) return { kind: 'default', ref: config.defaultSecret };
  return config.environmentToken ? { kind: 'environment' } : undefined;
}

const missing: TokenRead = {
  ok: false,
  reason: 'MissingAivenToken',
  message:
    'no Aiven token: the app has no spec.authSecretRef, no default token secret is configured ' +
    '(--default-token-secret), and AIVENATOR_AIVEN_TOKEN is not set',
};

function fromSecret(source: TokenSource & { ref: SecretKeyRef }, read: SecretReader): TokenRead {
  const { namespace, name, key } = source.ref;
  const where = describeTokenSource(source);
  const secret = read(namespace, name);
  if (!secret)
    return {
      ok: false,
      reason: 'AivenTokenSecretNotFound',
      message: `no secret ${namespace}/${name}: looked for ${where}`,
    };
  const encoded = secret.data[key];
  if (encoded === undefined)
    return {
      ok: false,
      reason: 'AivenTokenKeyNotFound',
      message: `secret ${namespace}/${name} has no key ${key}: looked for ${where}`,
    };
  const token = Buffer.from(encoded, 'base64').toString('utf8').trim();
  if (token === '') return { ok: false, reason: 'AivenTokenEmpty', message: `${where} is empty` };
  return { ok: true, source, version: secret.resourceVersion, token };
}

/** Reads the token of `source` (undefined: none configured). An explicit source that fails never falls back. */
export function readToken(source: TokenSource | undefined, read: SecretReader, config: TokenConfig): TokenRead {
  if (!source) return missing;
  if (source.kind === 'environment')
    return config.environmentToken
      ? { ok: true, source, version: 'environment', token: config.environmentToken }
      : missing;
  if (source.kind === 'authSecretRef' && !config.appSecretsAllowed)
    return {
      ok: false,
      reason: 'AuthSecretRefNotAllowed',
      message: 'spec.authSecretRef is set but this controller uses only its central token (--app-token-secrets=false)',
    };
  return fromSecret(source, read);
}

/** The source as recorded on a secret: `environment`, or `<kind>:<namespace>/<name>/<key>`. */
export function formatTokenSource(source: TokenSource): string {
  if (source.kind === 'environment') return 'environment';
  const { namespace, name, key } = source.ref;
  return `${source.kind}:${namespace}/${name}/${key}`;
}

export function parseTokenSource(text: string | undefined): TokenSource | undefined {
  if (text === 'environment') return { kind: 'environment' };
  const match = /^(authSecretRef|default):([^/]+)\/([^/]+)\/([^/]+)$/.exec(text ?? '');
  if (!match) return undefined;
  const [, kind, namespace = '', name = '', key = ''] = match;
  return { kind: kind === 'default' ? 'default' : 'authSecretRef', ref: { namespace, name, key } };
}

/**
 * Which token a secret's recorded source lets cleanup use, decided before any secret is read. The controller only
 * ever records a token secret in the secret's own namespace, the default token, or the environment; tenants can edit
 * secrets in their namespace, so a recorded reference is honoured only where it cannot reach further than that: a
 * secret in the same namespace. `default:…` and `environment` mean the controller's own token as configured now (the
 * recorded location of a default secret is never followed); nothing recorded (secrets nais/aivenator made) means the
 * controller's own too. A reference into another namespace, or a value the controller never writes, is untrusted.
 */
export function recordedSourceFor(
  recorded: string | undefined,
  secretNamespace: string,
  config: TokenConfig,
): { readonly ok: true; readonly source: TokenSource | undefined } | Extract<TokenRead, { ok: false }> {
  const own = tokenSourceOf({ namespace: secretNamespace }, config);
  if (recorded === undefined || recorded === '') return { ok: true, source: own };
  const parsed = parseTokenSource(recorded);
  if (!parsed)
    return {
      ok: false,
      reason: 'UntrustedTokenSource',
      message: 'the recorded token source is not one aivenator writes',
    };
  if (parsed.kind === 'default') return { ok: true, source: own };
  if (parsed.kind === 'environment') return { ok: true, source: parsed };
  if (parsed.ref.namespace === secretNamespace) return { ok: true, source: parsed };
  return {
    ok: false,
    reason: 'UntrustedTokenSource',
    message: `the recorded token source names a secret in namespace ${parsed.ref.namespace}, not the secret's own (${secretNamespace})`,
  };
}

// The Aiven client for an app, or for a secret's recorded token source: the token is read from the secret caches at
// each call (a rotated token is used at once) and the client comes from the pool (one per source and version). The
// caches hold the data of a token secret once something asked for it (`load`), not of every secret they watch.
import type { AivenClient } from './client.ts';
import type { AivenClientPool } from './client-pool.ts';
import {
  formatTokenSource,
  recordedSourceFor,
  readToken,
  tokenSourceOf,
  type SecretReader,
  type TokenConfig,
  type TokenReason,
  type TokenSource,
} from './token.ts';

export type AivenAccess =
  | {
      readonly ok: true;
      readonly client: AivenClient;
      readonly source: TokenSource;
      /** What secrets record: the source's name, never the token. */
      readonly recorded: string;
      /** Changes whenever the token may have (the secret's resourceVersion). */
      readonly version: string;
    }
  | { readonly ok: false; readonly reason: TokenReason; readonly message: string };

export type GrantedAccess = Extract<AivenAccess, { ok: true }>;

/** Makes a token secret's current data readable (from the API server when the cache does not hold it yet). */
export type SecretLoader = (namespace: string, name: string, signal: AbortSignal) => Promise<void>;

export class AivenTokens {
  readonly #config: TokenConfig;
  readonly #read: SecretReader;
  readonly #pool: AivenClientPool;
  readonly #load: SecretLoader;

  constructor(config: TokenConfig, read: SecretReader, pool: AivenClientPool, load: SecretLoader) {
    this.#config = config;
    this.#read = read;
    this.#pool = pool;
    this.#load = load;
  }

  async forApp(
    app: { metadata: { namespace?: string }; spec: { authSecretRef?: { name: string; key: string } } },
    signal: AbortSignal,
  ): Promise<AivenAccess> {
    const { authSecretRef } = app.spec;
    const namespace = app.metadata.namespace ?? '';
    const source = tokenSourceOf(authSecretRef ? { namespace, authSecretRef } : { namespace }, this.#config);
    await this.#loadSource(source, signal);
    return this.#access(source);
  }

  /**
   * For cleanup of a secret in `namespace`: the source recorded on it, if it may be trusted (recordedSourceFor; an
   * untrusted one reads nothing). When that cannot be read (the app's token secret went with its namespace) or
   * nothing was recorded (secrets nais/aivenator made), the controller's own: default, then environment.
   */
  async forRecorded(recorded: string | undefined, namespace: string, signal: AbortSignal): Promise<AivenAccess> {
    const trusted = recordedSourceFor(recorded, namespace, this.#config);
    if (!trusted.ok) return trusted;
    await this.#loadSource(trusted.source, signal);
    const access = this.#access(trusted.source);
    if (access.ok) return access;
    const own = tokenSourceOf({ namespace: '' }, this.#config);
    await this.#loadSource(own, signal);
    return this.#access(own);
  }

  /** Why cleanup may not use the token source recorded on a secret in `namespace`, if it may not (reads nothing). */
  distrust(recorded: string | undefined, namespace: string): string | undefined {
    const trusted = recordedSourceFor(recorded, namespace, this.#config);
    return trusted.ok ? undefined : trusted.message;
  }

  /** Only what the source names: a secret an app may not use (the centralized mode) is not read at all. */
  async #loadSource(source: TokenSource | undefined, signal: AbortSignal): Promise<void> {
    if (!source || source.kind === 'environment') return;
    if (source.kind === 'authSecretRef' && !this.#config.appSecretsAllowed) return;
    await this.#load(source.ref.namespace, source.ref.name, signal);
  }

  #access(source: TokenSource | undefined): AivenAccess {
    const read = readToken(source, this.#read, this.#config);
    if (!read.ok) return read;
    const recorded = formatTokenSource(read.source);
    const client = this.#pool.forSource(recorded, read.version, read.token);
    return { ok: true, client, source: read.source, recorded, version: read.version };
  }
}

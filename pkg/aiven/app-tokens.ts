// The Aiven client for an app, or for a secret's recorded token source: the token is read from the secret caches at
// each call (a rotated token is used at once) and the client comes from the pool (one per source and version).
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

export class AivenTokens {
  readonly #config: TokenConfig;
  readonly #read: SecretReader;
  readonly #pool: AivenClientPool;

  constructor(config: TokenConfig, read: SecretReader, pool: AivenClientPool) {
    this.#config = config;
    this.#read = read;
    this.#pool = pool;
  }

  forApp(app: {
    metadata: { namespace?: string };
    spec: { authSecretRef?: { name: string; key: string } };
  }): AivenAccess {
    const { authSecretRef } = app.spec;
    const namespace = app.metadata.namespace ?? '';
    return this.#access(tokenSourceOf(authSecretRef ? { namespace, authSecretRef } : { namespace }, this.#config));
  }

  /**
   * For cleanup of a secret in `namespace`: the source recorded on it, if it may be trusted (recordedSourceFor; an
   * untrusted one reads nothing). When that cannot be read (the app's token secret went with its namespace) or
   * nothing was recorded (secrets nais/aivenator made), the controller's own: default, then environment.
   */
  forRecorded(recorded: string | undefined, namespace: string): AivenAccess {
    const trusted = recordedSourceFor(recorded, namespace, this.#config);
    if (!trusted.ok) return trusted;
    const access = this.#access(trusted.source);
    return access.ok ? access : this.#access(tokenSourceOf({ namespace: '' }, this.#config));
  }

  /** Why cleanup may not use the token source recorded on a secret in `namespace`, if it may not (reads nothing). */
  distrust(recorded: string | undefined, namespace: string): string | undefined {
    const trusted = recordedSourceFor(recorded, namespace, this.#config);
    return trusted.ok ? undefined : trusted.message;
  }

  #access(source: TokenSource | undefined): AivenAccess {
    const read = readToken(source, this.#read, this.#config);
    if (!read.ok) return read;
    const recorded = formatTokenSource(read.source);
    const client = this.#pool.forSource(recorded, read.version, read.token);
    return { ok: true, client, source: read.source, recorded, version: read.version };
  }
}

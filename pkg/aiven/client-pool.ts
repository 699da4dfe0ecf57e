import { createAivenClient, type AivenClient, type AivenClientOptions } from './client.ts';

/**
 * One client (and so one set of caches) per token source and version: a token that may not read project B must never
 * get B's CA from a cache another token filled, and a rotated token replaces its predecessor's client at once (the
 * old one, and its caches, are dropped). Keyed by the source's name, so the map holds no token.
 */
export class AivenClientPool {
  readonly #clients = new Map<string, { readonly version: string; readonly client: AivenClient }>();
  readonly #options: Omit<AivenClientOptions, 'token'>;

  constructor(options: Omit<AivenClientOptions, 'token'>) {
    this.#options = options;
  }

  /** `source` names where the token came from; `version` changes whenever the token may have (resourceVersion). */
  forSource(source: string, version: string, token: string): AivenClient {
    const current = this.#clients.get(source);
    if (current?.version === version) return current.client;
    const client = createAivenClient({ ...this.#options, token });
    this.#clients.set(source, { version, client });
    return client;
  }

  get size(): number {
    return this.#clients.size;
  }
}

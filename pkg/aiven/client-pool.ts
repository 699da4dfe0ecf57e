import { createHash } from 'node:crypto';
import { createAivenClient, type AivenClient, type AivenClientOptions } from './client.ts';

/**
 * One client (and so one set of caches) per token: a token that may not read project B must never get B's CA from
 * a cache another token filled. Keyed by a hash, so the map holds no token.
 */
export class AivenClientPool {
  readonly #clients = new Map<string, AivenClient>();
  readonly #options: Omit<AivenClientOptions, 'token'>;

  constructor(options: Omit<AivenClientOptions, 'token'>) {
    this.#options = options;
  }

  forToken(token: string): AivenClient {
    const key = createHash('sha256').update(token).digest('hex');
    let client = this.#clients.get(key);
    if (!client) {
      client = createAivenClient({ ...this.#options, token });
      this.#clients.set(key, client);
    }
    return client;
  }

  get size(): number {
    return this.#clients.size;
  }
}

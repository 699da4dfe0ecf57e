// Aiven tokens in token secrets, as a platform team rotates them: a new token is made in Aiven, written to the secret,
// and the old one revoked a moment later (the controller may be using it right then). Every token goes into the vault,
// and each write's resourceVersion into Desired: the controller must never write a token secret itself.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AivenSimulator } from '../../sim/server.ts';
import type { Desired } from './desired.ts';
import type { KubeOps } from './kube-ops.ts';
import { objectKey } from './snapshot.ts';
import type { Vault } from './vault.ts';

export const tokenKey = 'token';

/** A token nobody could guess (a secret, so not from the seeded generator). */
export const newToken = (): string => `chaos-token-${randomBytes(16).toString('hex')}`;

export class Tokens {
  readonly #kube: KubeOps;
  readonly #simulator: AivenSimulator;
  readonly #vault: Vault;
  readonly #desired: Desired;
  readonly #current = new Map<string, string>();

  constructor(parts: { kube: KubeOps; simulator: AivenSimulator; vault: Vault; desired: Desired }) {
    this.#kube = parts.kube;
    this.#simulator = parts.simulator;
    this.#vault = parts.vault;
    this.#desired = parts.desired;
  }

  /** Writes a token Aiven knows into the secret (creating it); returns the secret's key. */
  async put(namespace: string, name: string, token = newToken()): Promise<string> {
    const key = objectKey(namespace, name);
    this.#vault.add('token', `token secret ${key}`, token);
    this.#simulator.state.addToken(token);
    const resourceVersion = await this.#kube.putSecret(namespace, name, { [tokenKey]: token });
    this.#desired.wrote(key, resourceVersion);
    this.#current.set(key, token);
    return key;
  }

  /** A new token in the secret; the old one stops working in Aiven `revokeAfterMs` later. */
  async rotate(namespace: string, name: string, revokeAfterMs: number): Promise<void> {
    const old = this.#current.get(objectKey(namespace, name));
    await this.put(namespace, name);
    await sleep(revokeAfterMs);
    if (old !== undefined) this.#simulator.state.revokeToken(old);
  }
}

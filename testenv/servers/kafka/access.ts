// Who may do what on the test broker: the simulator's users (certificate principals) and its Aiven ACL entries, kept
// in step with the broker's ACLs. Every change recomputes the bindings the entries grant the users (acls.ts) and runs
// kafka-acls for the difference only; changes are applied one at a time, in the order the simulator made them.
//
// The broker accepts any certificate of the project CA, a deleted user's too: what a user may do is only what its
// bindings allow (`allow.everyone.if.no.acl.found=false`, no `User:*` binding ever), so deleting a user removes its
// bindings and its still-valid certificate then opens nothing. Kafka authorizes every request, so that holds for
// connections the user already had open as well.
import type { KafkaAcl } from '../../../pkg/aiven/types.ts';
import {
  aclCommands,
  bindingKey,
  bindingsOf,
  desiredBindings,
  diffBindings,
  type AclBinding,
  type AclCommand,
} from './acls.ts';

/** Runs kafka-acls once; rejects when it failed (its bindings are then left as they were, as far as we know). */
export type AclRunner = (action: 'add' | 'remove', command: AclCommand) => Promise<void>;

/** The broker's super user (its own listeners: no certificate): no simulator user may take its name. */
export const superUser = 'ANONYMOUS';

export class KafkaAccess {
  readonly #run: AclRunner;
  readonly #users = new Set<string>();
  #acls: readonly KafkaAcl[] = [];
  readonly #applied = new Map<string, AclBinding>();
  #queue: Promise<void> = Promise.resolve();

  constructor(run: AclRunner) {
    this.#run = run;
  }

  putUser(username: string): Promise<void> {
    if (username === superUser) {
      return Promise.reject(
        new Error(`${superUser} is the test broker's super user, not a user the simulator may make`),
      );
    }
    return this.#change(() => this.#users.add(username));
  }

  deleteUser(username: string): Promise<void> {
    return this.#change(() => this.#users.delete(username));
  }

  setAcls(acls: readonly KafkaAcl[]): Promise<void> {
    try {
      desiredBindings(acls, []); // refuses a topic pattern Kafka cannot express, before anything changes
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return this.#change(() => (this.#acls = [...acls]));
  }

  /** The bindings this has put on the broker, for tests. */
  applied(): AclBinding[] {
    return [...this.#applied.values()];
  }

  /** Changes the model at once, then brings the broker in step after the changes before it (failed or not). */
  #change(update: () => unknown): Promise<void> {
    update();
    const synced = this.#queue.catch(() => undefined).then(() => this.#sync());
    this.#queue = synced;
    return synced;
  }

  async #sync(): Promise<void> {
    const { add, remove } = diffBindings(this.applied(), desiredBindings(this.#acls, this.#users));
    // Revocations first; each run is its own JVM, and the two cores take two at a time well enough.
    await Promise.all(aclCommands(remove).map((command) => this.#apply('remove', command)));
    await Promise.all(aclCommands(add).map((command) => this.#apply('add', command)));
  }

  async #apply(action: 'add' | 'remove', command: AclCommand): Promise<void> {
    await this.#run(action, command);
    for (const binding of bindingsOf(command)) {
      if (action === 'add') this.#applied.set(bindingKey(binding), binding);
      else this.#applied.delete(bindingKey(binding));
    }
  }
}

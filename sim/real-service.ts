// A real server behind a simulated service (PostgreSQL, Valkey, Kafka started locally by the tests): the simulator
// stays the Aiven API and the source of truth for users, and what its endpoints do to users, databases and ACLs is
// also done on the server, so a credential the controller writes can be proved over the real protocol.
import type { AccessControl, KafkaAcl } from '../pkg/aiven/types.ts';
import type { SimUser, UserBackend } from './users.ts';

export interface RealService {
  /** Where clients reach the server: the service's primary component in the simulator's answers. */
  readonly endpoint: { readonly host: string; readonly port: number };
  /** Makes the user's login on the server what `user` says: created, or its password and access replaced. */
  putUser(user: SimUser): Promise<void>;
  /** Removes the login, so its credentials stop working; a name the server does not know is no error. */
  deleteUser(username: string): Promise<void>;
  /** PostgreSQL: a database created or dropped through the simulator's database endpoints. */
  createDatabase?(name: string): Promise<void>;
  deleteDatabase?(name: string): Promise<void>;
  /** Kafka: the service's ACL list after each change; the server's ACLs follow it. */
  setKafkaAcls?(acls: readonly KafkaAcl[]): Promise<void>;
}

/** The simulator's users, each write mirrored on the real server before the API answers. */
export class MirroredUsers implements UserBackend {
  readonly #users: UserBackend;
  readonly #real: RealService;

  constructor(users: UserBackend, real: RealService) {
    this.#users = users;
    this.#real = real;
  }

  /** The users the simulator already holds (avnadmin), put on the server. */
  async seed(): Promise<void> {
    for (const user of this.#users.list()) await this.#real.putUser(user);
  }

  list(): SimUser[] {
    return this.#users.list();
  }

  get(username: string): SimUser | undefined {
    return this.#users.get(username);
  }

  async create(username: string, accessControl: AccessControl | undefined): Promise<SimUser | undefined> {
    const user = await this.#users.create(username, accessControl);
    if (!user) return undefined;
    try {
      await this.#real.putUser(user);
    } catch (err) {
      await this.#users.delete(username); // no user in the API that the server does not have
      throw err;
    }
    return user;
  }

  async setAccessControl(username: string, accessControl: AccessControl): Promise<SimUser | undefined> {
    return this.#put(await this.#users.setAccessControl(username, accessControl));
  }

  async resetCredentials(username: string, newPassword: string | undefined): Promise<SimUser | undefined> {
    return this.#put(await this.#users.resetCredentials(username, newPassword));
  }

  async delete(username: string): Promise<boolean> {
    const deleted = await this.#users.delete(username);
    if (deleted) await this.#real.deleteUser(username);
    return deleted;
  }

  async #put(user: SimUser | undefined): Promise<SimUser | undefined> {
    if (user) await this.#real.putUser(user);
    return user;
  }
}

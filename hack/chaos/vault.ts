// Every secret value the run hands out, kept to be looked for in the controller's log: users' passwords, Kafka access
// keys and certificates (the simulator issues them; a decorator on each service's users sees every one, including
// those of users deleted since), tokens, and the record keys. Never printed: a leak is reported by its kind and where.
import type { AccessControl } from '../../pkg/aiven/types.ts';
import type { SimState } from '../../sim/state.ts';
import type { SimUser, UserBackend } from '../../sim/users.ts';

export type SecretKind = 'password' | 'access key' | 'access certificate' | 'token' | 'record key' | 'secret value';

export interface IssuedSecret {
  readonly kind: SecretKind;
  /** Who it belongs to (a username, a token secret's name): safe to print. */
  readonly owner: string;
  readonly value: string;
}

export class Vault {
  readonly #secrets = new Map<string, IssuedSecret>();

  add(kind: SecretKind, owner: string, value: string | undefined): void {
    if (value === undefined || value === '' || value === '<redacted>') return;
    if (!this.#secrets.has(value)) this.#secrets.set(value, { kind, owner, value });
  }

  addUser(user: SimUser | undefined): void {
    if (!user) return;
    this.add('password', user.username, user.password);
    this.add('access key', user.username, user.accessKey);
    this.add('access certificate', user.username, user.accessCert);
  }

  all(): IssuedSecret[] {
    return [...this.#secrets.values()];
  }
}

/** A service's users as they are, each credential they issue kept in the vault on the way out. */
export class RecordingUsers implements UserBackend {
  readonly #inner: UserBackend;
  readonly #vault: Vault;

  constructor(inner: UserBackend, vault: Vault) {
    this.#inner = inner;
    this.#vault = vault;
    for (const user of inner.list()) vault.addUser(user);
  }

  list(): SimUser[] {
    return this.#inner.list();
  }

  get(username: string): SimUser | undefined {
    return this.#inner.get(username);
  }

  async create(username: string, accessControl: AccessControl | undefined): Promise<SimUser | undefined> {
    return this.#kept(await this.#inner.create(username, accessControl));
  }

  async setAccessControl(username: string, accessControl: AccessControl): Promise<SimUser | undefined> {
    return this.#kept(await this.#inner.setAccessControl(username, accessControl));
  }

  async resetCredentials(username: string, newPassword: string | undefined): Promise<SimUser | undefined> {
    return this.#kept(await this.#inner.resetCredentials(username, newPassword));
  }

  delete(username: string): Promise<boolean> {
    return this.#inner.delete(username);
  }

  #kept(user: SimUser | undefined): SimUser | undefined {
    this.#vault.addUser(user);
    return user;
  }
}

/** Puts the recorder in front of every service's users (as attachReal puts a real server there). */
export function recordIssuedCredentials(state: SimState, vault: Vault): void {
  for (const project of state.projects.values())
    for (const service of project.services.values()) service.users = new RecordingUsers(service.users, vault);
}

// Service users. The interface is what the HTTP layer needs; the in-memory backend holds them, and real-service.ts
// mirrors its writes on a real local server (PostgreSQL roles, Valkey ACL SETUSER, Kafka ACLs) when one is attached.
import { randomBytes } from 'node:crypto';
import type { AccessControl } from '../pkg/aiven/types.ts';
import { freshKeys, issueClientCertificate, type CertificateAuthority, type KeySource } from './x509.ts';

export interface SimUser {
  readonly username: string;
  readonly password: string;
  readonly type: 'primary' | 'regular';
  readonly accessControl?: AccessControl;
  readonly accessCert?: string;
  readonly accessKey?: string;
  readonly certNotAfter?: string;
  readonly passwordUpdatedTime: string;
}

export interface UserBackend {
  list(): SimUser[];
  get(username: string): SimUser | undefined;
  /** Undefined when the name is taken. */
  create(username: string, accessControl: AccessControl | undefined): Promise<SimUser | undefined>;
  /** Replaces the access-control keys present in `accessControl`, keeps the others. */
  setAccessControl(username: string, accessControl: AccessControl): Promise<SimUser | undefined>;
  resetCredentials(username: string, newPassword: string | undefined): Promise<SimUser | undefined>;
  delete(username: string): Promise<boolean>;
}

/** Aiven's generated passwords start with AVNS_ (which is why error messages containing it are withheld). */
const newPassword = (): string => `AVNS_${randomBytes(15).toString('base64url')}`;

export class InMemoryUsers implements UserBackend {
  readonly #users = new Map<string, SimUser>();
  readonly #issueCertificates: CertificateAuthority | undefined;
  readonly #keys: KeySource;

  /** With a CA, users get client certificates (Kafka), with keys from `keys`. */
  constructor(ca: CertificateAuthority | undefined, keys: KeySource = freshKeys) {
    this.#issueCertificates = ca;
    this.#keys = keys;
    this.#users.set('avnadmin', {
      username: 'avnadmin',
      password: newPassword(),
      type: 'primary',
      passwordUpdatedTime: now(),
    });
  }

  list(): SimUser[] {
    return [...this.#users.values()];
  }

  get(username: string): SimUser | undefined {
    return this.#users.get(username);
  }

  async create(username: string, accessControl: AccessControl | undefined): Promise<SimUser | undefined> {
    if (this.#users.has(username)) return undefined;
    const user: SimUser = {
      username,
      password: newPassword(),
      type: 'regular',
      passwordUpdatedTime: now(),
      ...(accessControl ? { accessControl } : {}),
      ...(await this.#certificate(username)),
    };
    // Checked again: two concurrent creates of one name must not both succeed.
    if (this.#users.has(username)) return undefined;
    this.#users.set(username, user);
    return user;
  }

  setAccessControl(username: string, accessControl: AccessControl): Promise<SimUser | undefined> {
    const user = this.#users.get(username);
    if (!user) return Promise.resolve(undefined);
    const updated = { ...user, accessControl: { ...user.accessControl, ...accessControl } };
    this.#users.set(username, updated);
    return Promise.resolve(updated);
  }

  async resetCredentials(username: string, password: string | undefined): Promise<SimUser | undefined> {
    const user = this.#users.get(username);
    if (!user) return undefined;
    const updated = {
      ...user,
      password: password ?? newPassword(),
      passwordUpdatedTime: now(),
      ...(await this.#certificate(username)),
    };
    this.#users.set(username, updated);
    return updated;
  }

  delete(username: string): Promise<boolean> {
    return Promise.resolve(this.#users.delete(username));
  }

  async #certificate(username: string): Promise<Partial<SimUser>> {
    if (!this.#issueCertificates) return {};
    const credentials = await issueClientCertificate(this.#issueCertificates, username, this.#keys);
    return {
      accessCert: credentials.certificatePem,
      accessKey: credentials.keyPem,
      certNotAfter: credentials.notAfter.toISOString(),
    };
  }
}

function now(): string {
  return new Date().toISOString();
}

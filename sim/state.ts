// The simulator's world: projects with a real CA each, services of four types, and what each type keeps besides
// users (Kafka ACLs, the OpenSearch ACL configuration, PostgreSQL databases).
import { randomBytes } from 'node:crypto';
import type { KafkaAcl, OpenSearchAclConfig } from '../pkg/aiven/types.ts';
import type { Fixture, ServiceFixture } from './fixtures.ts';
import { MirroredUsers, type RealService } from './real-service.ts';
import { InMemoryUsers, type UserBackend } from './users.ts';
import { createCertificateAuthority, freshKeys, type CertificateAuthority, type KeySource } from './x509.ts';

export interface SimService {
  readonly project: string;
  readonly fixture: ServiceFixture;
  readonly createTime: string;
  /** First port of this service's components; each component takes the next one. */
  readonly basePort: number;
  users: UserBackend;
  /** The real server behind it, when a test attached one (real-service.ts). */
  real?: RealService;
  readonly kafkaAcls: KafkaAcl[];
  readonly openSearchAcl: OpenSearchAclConfig;
  readonly databases: string[];
}

export interface SimProject {
  readonly name: string;
  readonly ca: CertificateAuthority;
  readonly services: Map<string, SimService>;
}

export const newAclId = (): string => `acl${randomBytes(6).toString('hex')}`;

export class SimState {
  readonly projects = new Map<string, SimProject>();
  #tokens: Fixture['tokens'];

  private constructor(tokens: Fixture['tokens']) {
    this.#tokens = tokens;
  }

  /** `keys`: where Kafka users' certificate keys come from (a fresh one each, unless a benchmark pools them). */
  static async create(fixture: Fixture, keys: KeySource = freshKeys): Promise<SimState> {
    const state = new SimState(fixture.tokens);
    let port = 20_000;
    for (const project of fixture.projects) {
      const ca = await createCertificateAuthority(project.name);
      const services = new Map<string, SimService>();
      for (const service of project.services) {
        services.set(service.name, newService(project.name, service, { ca, keys }, port));
        port += 10;
      }
      state.projects.set(project.name, { name: project.name, ca, services });
    }
    return state;
  }

  /** A token created at run time (a rotation's new token), usable for `projects`. */
  addToken(token: string, projects: readonly string[] = ['*']): void {
    this.#tokens = [...this.#tokens, { token, projects: [...projects] }];
  }

  /** Revokes a token: every later request with it gets 403, as Aiven answers a revoked token. */
  revokeToken(token: string): void {
    this.#tokens = this.#tokens.filter((t) => t.token !== token);
  }

  isKnownToken(token: string): boolean {
    return this.#tokens.some((t) => t.token === token);
  }

  /** Projects the token may use: all of them for a token scoped to `*`. */
  mayUse(token: string, project: string): boolean {
    return this.#tokens.some((t) => t.token === token && (t.projects.includes('*') || t.projects.includes(project)));
  }

  service(project: string, name: string): SimService | undefined {
    return this.projects.get(project)?.services.get(name);
  }

  /**
   * Puts a real server behind a service: its answers name the server's address, and its user, database and ACL
   * writes are done there too. The users and databases it already holds are created on the server first.
   */
  async attachReal(project: string, name: string, real: RealService): Promise<void> {
    const service = this.service(project, name);
    if (!service) throw new Error(`no service ${project}/${name} to attach a real server to`);
    const users = new MirroredUsers(service.users, real);
    await users.seed();
    for (const database of service.databases) await real.createDatabase?.(database);
    if (service.fixture.type === 'kafka') await real.setKafkaAcls?.(service.kafkaAcls);
    service.users = users;
    service.real = real;
  }
}

function newService(
  project: string,
  fixture: ServiceFixture,
  { ca, keys }: { ca: CertificateAuthority; keys: KeySource },
  basePort: number,
): SimService {
  return {
    project,
    fixture,
    createTime: new Date().toISOString(),
    basePort,
    users: new InMemoryUsers(fixture.type === 'kafka' ? ca : undefined, keys),
    kafkaAcls:
      fixture.type === 'kafka' ? [{ id: newAclId(), username: 'avnadmin', topic: '*', permission: 'admin' }] : [],
    openSearchAcl: { acls: [], enabled: false },
    databases: fixture.type === 'pg' ? ['defaultdb', ...fixture.databases] : [],
  };
}

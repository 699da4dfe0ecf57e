// Renders simulator state in Aiven's response shapes. Typed with the generated schema, so the compiler checks the
// simulator's output against the same document the client is generated from (and the server validates it again).
import type { Service, ServiceComponent, ServiceUser } from '../pkg/aiven/types.ts';
import type { SimService } from './state.ts';
import type { SimUser } from './users.ts';

export const redacted = '<redacted>';

export function describeUser(user: SimUser, includeSecrets: boolean): ServiceUser {
  return {
    username: user.username,
    password: includeSecrets ? user.password : redacted,
    type: user.type,
    password_updated_time: user.passwordUpdatedTime,
    ...(user.accessControl ? { access_control: user.accessControl } : {}),
    ...(user.accessCert ? { access_cert: user.accessCert } : {}),
    ...(user.accessKey ? { access_key: includeSecrets ? user.accessKey : redacted } : {}),
    ...(user.certNotAfter ? { access_cert_not_valid_after_time: user.certNotAfter } : {}),
  };
}

/** The service's name in Aiven's DNS, or the address of the real server behind it. */
const host = (service: SimService) =>
  service.real?.endpoint.host ?? `${service.fixture.name}-${service.project}.aivencloud.sim`;
/** The primary component's port: the real server's when there is one; other components follow the base port. */
const portOf = (service: SimService, offset = 0) =>
  offset === 0 && service.real ? service.real.endpoint.port : service.basePort + offset;

/** Components in Aiven's order: the first match of component + usage is what clients take. */
export function componentsOf(service: SimService): ServiceComponent[] {
  const at = (component: string, offset: number, usage: ServiceComponent['usage'] = 'primary'): ServiceComponent => ({
    component,
    host: host(service),
    port: portOf(service, offset),
    route: 'dynamic',
    usage,
  });
  const { type, extras } = service.fixture;
  switch (type) {
    case 'kafka':
      return [
        { ...at('kafka', 0), kafka_authentication_method: 'certificate', kafka_ssl_ca: 'project_ca' },
        ...(extras ? [at('schema_registry', 1)] : []),
      ];
    case 'opensearch':
      return [at('opensearch', 0), ...(extras ? [at('opensearch_dashboards', 1)] : [])];
    case 'valkey':
      return [at('valkey', 0), ...(extras ? [at('valkey', 1, 'replica')] : [])];
    case 'pg':
      return [at('pg', 0)];
  }
}

function uriOf(service: SimService, password: string): { uri: string; params: Record<string, string> } {
  // The primary component is always the first, on the service's base port.
  const base = { host: host(service), port: String(portOf(service)) };
  const address = `${base.host}:${base.port}`;
  switch (service.fixture.type) {
    case 'kafka':
      return { uri: address, params: base };
    case 'pg':
      return {
        uri: `postgres://avnadmin:${password}@${address}/defaultdb?sslmode=require`,
        params: { ...base, dbname: 'defaultdb', sslmode: 'require', user: 'avnadmin', password },
      };
    case 'opensearch':
      return { uri: `https://avnadmin:${password}@${address}`, params: { ...base, user: 'avnadmin', password } };
    case 'valkey':
      return {
        uri: `rediss://default:${password}@${address}`,
        params: { ...base, user: 'default', password, ssl: 'required' },
      };
  }
}

/** Aiven's per-type connection summary for the admin user (aiven-api.md §3.3). */
function connectionInfoOf(service: SimService, uri: string, password: string): Record<string, unknown> {
  switch (service.fixture.type) {
    case 'kafka': {
      const registry = componentsOf(service).find((c) => c.component === 'schema_registry');
      return {
        kafka: [uri],
        ...(registry ? { schema_registry_uri: `https://${registry.host}:${String(registry.port)}` } : {}),
      };
    }
    case 'pg':
      return {
        pg: [uri],
        pg_params: [
          {
            host: host(service),
            port: String(portOf(service)),
            dbname: 'defaultdb',
            user: 'avnadmin',
            password,
            sslmode: 'require',
          },
        ],
      };
    case 'opensearch':
      return { opensearch: [uri], opensearch_username: 'avnadmin', opensearch_password: password };
    case 'valkey':
      return { valkey: [uri], valkey_password: password };
  }
}

export function describeService(service: SimService, includeSecrets: boolean): Service {
  const admin = service.users.get('avnadmin');
  const password = includeSecrets ? (admin?.password ?? '') : redacted;
  const { uri, params } = uriOf(service, password);
  const { type } = service.fixture;
  return {
    service_name: service.fixture.name,
    service_type: type,
    state: service.fixture.state,
    plan: 'startup-2',
    cloud_name: 'sim-cloud-1',
    create_time: service.createTime,
    update_time: service.createTime,
    user_config: type === 'kafka' ? { schema_registry: service.fixture.extras } : {},
    service_uri: uri,
    service_uri_params: params,
    components: componentsOf(service),
    connection_info: connectionInfoOf(service, uri, password),
    users: service.users.list().map((user) => describeUser(user, includeSecrets)),
    ...(type === 'kafka' ? { acl: service.kafkaAcls } : {}),
    ...(type === 'pg' ? { databases: service.databases } : {}),
  };
}

// One handler per operationId of pkg/aiven/openapi.yaml, over the simulator's state. Requests arrive validated
// against the document (openapi-backend), so bodies are trusted here.
import type { AccessControl, KafkaAclIn, OpenSearchAclConfig } from '../pkg/aiven/types.ts';
import { describeService, describeUser } from './describe.ts';
import { aivenError, ok, type SimResponse } from './responses.ts';
import { newAclId, type SimService, type SimState } from './state.ts';

export interface OperationInput {
  readonly token: string;
  /** Path parameters, decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly body: unknown;
}

type Handler = (input: OperationInput) => Promise<SimResponse> | SimResponse;
type ServiceHandler = (service: SimService, input: OperationInput) => Promise<SimResponse> | SimResponse;

const param = (input: OperationInput, name: string) => input.params[name] ?? '';

/**
 * `redacted` (the default): passwords and access keys only with include_secrets=true, as Aiven answers from 2027-03-01
 * (announced in its changelog). `plain`: always, as Aiven answered before that day.
 */
export type SecretsInAnswers = 'redacted' | 'plain';

export function createOperations(state: SimState, secrets: SecretsInAnswers = 'redacted'): Record<string, Handler> {
  const includeSecrets = (input: OperationInput) => secrets === 'plain' || input.query.include_secrets === 'true';
  /** Resolves project and service the way Aiven answers: scope first (403), then existence (404). */
  const onService =
    (handle: ServiceHandler, type?: SimService['fixture']['type']): Handler =>
    (input) => {
      const project = param(input, 'project');
      if (!state.mayUse(input.token, project)) return aivenError(403, `Not authorized to access project ${project}`);
      const name = param(input, 'service_name');
      const service = state.service(project, name);
      if (!service) return aivenError(404, `Service ${name} does not exist`);
      if (type && service.fixture.type !== type) return aivenError(400, `Service ${name} is not of type ${type}`);
      return handle(service, input);
    };

  const withUser = (
    handle: (service: SimService, username: string, input: OperationInput) => Promise<SimResponse> | SimResponse,
  ) =>
    onService((service, input) => {
      const username = param(input, 'service_username');
      if (!service.users.get(username)) return aivenError(404, `Service user ${username} does not exist`);
      return handle(service, username, input);
    });

  return {
    ProjectList: (input) =>
      ok({
        projects: [...state.projects.keys()]
          .filter((p) => state.mayUse(input.token, p))
          .map((p) => ({ project_name: p })),
      }),
    ProjectKmsGetCA: (input) => {
      const name = param(input, 'project');
      if (!state.mayUse(input.token, name)) return aivenError(403, `Not authorized to access project ${name}`);
      const project = state.projects.get(name);
      return project
        ? ok({ certificate: project.ca.certificatePem })
        : aivenError(404, `Project ${name} does not exist`);
    },
    ServiceGet: onService((service, input) => ok({ service: describeService(service, includeSecrets(input)) })),
    ServiceUserCreate: onService(async (service, input) => {
      const { username, access_control } = input.body as { username: string; access_control?: AccessControl };
      const user = await service.users.create(username, access_control);
      // Like Aiven, the create response is the one write that carries the credentials in plain text.
      return user ? ok({ user: describeUser(user, true) }) : aivenError(409, `Service user ${username} already exists`);
    }),
    ServiceUserGet: withUser((service, username, input) =>
      ok({ user: describeUser(service.users.get(username)!, includeSecrets(input)) }),
    ),
    ServiceUserCredentialsModify: withUser(async (service, username, input) => {
      const body = input.body as { operation: string; new_password?: string; access_control?: AccessControl };
      if (body.operation === 'set-access-control')
        await service.users.setAccessControl(username, body.access_control ?? {});
      if (body.operation === 'reset-credentials') await service.users.resetCredentials(username, body.new_password);
      return ok({ service: describeService(service, false) });
    }),
    ServiceUserCredentialsReset: withUser(async (service, username) => {
      await service.users.resetCredentials(username, undefined);
      return ok({ service: describeService(service, false) });
    }),
    ServiceUserDelete: withUser(async (service, username) => {
      if (username === 'avnadmin') return aivenError(400, 'Cannot delete the built-in user avnadmin');
      await service.users.delete(username);
      return ok({ message: 'deleted' });
    }),
    ...kafkaAclOperations(onService),
    ...openSearchAclOperations(onService),
    ...databaseOperations(onService),
  };
}

type OnService = (handle: ServiceHandler, type?: SimService['fixture']['type']) => Handler;

function kafkaAclOperations(onService: OnService): Record<string, Handler> {
  return {
    ServiceKafkaAclList: onService((service) => ok({ acl: service.kafkaAcls }), 'kafka'),
    ServiceKafkaAclAdd: onService(async (service, input) => {
      service.kafkaAcls.push({ id: newAclId(), ...(input.body as KafkaAclIn) });
      await service.real?.setKafkaAcls?.(service.kafkaAcls);
      return ok({ acl: service.kafkaAcls });
    }, 'kafka'),
    ServiceKafkaAclDelete: onService(async (service, input) => {
      const index = service.kafkaAcls.findIndex((acl) => acl.id === input.params.kafka_acl_id);
      if (index < 0) return aivenError(404, 'Kafka ACL entry does not exist');
      service.kafkaAcls.splice(index, 1);
      await service.real?.setKafkaAcls?.(service.kafkaAcls);
      return ok({ acl: service.kafkaAcls });
    }, 'kafka'),
  };
}

function openSearchAclOperations(onService: OnService): Record<string, Handler> {
  return {
    ServiceOpenSearchAclGet: onService((service) => ok({ opensearch_acl_config: service.openSearchAcl }), 'opensearch'),
    ServiceOpenSearchAclUpdate: onService((service, input) => {
      const update = (input.body as { opensearch_acl_config: Partial<OpenSearchAclConfig> }).opensearch_acl_config;
      if (update.acls) service.openSearchAcl.acls = update.acls;
      if (update.enabled !== undefined) service.openSearchAcl.enabled = update.enabled;
      return ok({ opensearch_acl_config: service.openSearchAcl });
    }, 'opensearch'),
  };
}

function databaseOperations(onService: OnService): Record<string, Handler> {
  return {
    ServiceDatabaseList: onService((service, input) => {
      const size = Number(input.query.maxItems ?? 250);
      const after = input.query.after;
      const start = after === undefined ? 0 : service.databases.indexOf(after) + 1;
      const page = service.databases.slice(start, start + size);
      const last = page.at(-1);
      const more = start + size < service.databases.length && last !== undefined;
      return ok({ databases: page.map((database_name) => ({ database_name })), ...(more ? { next: last } : {}) });
    }, 'pg'),
    ServiceDatabaseCreate: onService(async (service, input) => {
      const { database } = input.body as { database: string };
      if (service.databases.includes(database)) return aivenError(409, `Database ${database} already exists`);
      await service.real?.createDatabase?.(database);
      service.databases.push(database);
      return ok({ message: 'created' });
    }, 'pg'),
    ServiceDatabaseDelete: onService(async (service, input) => {
      const index = service.databases.indexOf(input.params.dbname ?? '');
      if (index < 0) return aivenError(404, 'Database does not exist');
      await service.real?.deleteDatabase?.(input.params.dbname ?? '');
      service.databases.splice(index, 1);
      return ok({ message: 'deleted' });
    }, 'pg'),
  };
}

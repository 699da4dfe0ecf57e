import type { Caller } from './caller.ts';
import type { Service, ServiceConnection } from './types.ts';

const path = '/v1/project/{project}/service/{service_name}' as const;

/** The projects the token can see; a cheap way to prove a token works. */
export async function listProjects(caller: Caller, signal: AbortSignal): Promise<string[]> {
  const body = await caller.call('ProjectList', signal, () => caller.http.GET('/v1/project', { signal }));
  return body.projects.map((p) => p.project_name);
}

export async function getProjectCa(caller: Caller, project: string, signal: AbortSignal): Promise<string> {
  const body = await caller.call('ProjectKmsGetCA', signal, () =>
    caller.http.GET('/v1/project/{project}/kms/ca', { params: { path: { project } }, signal }),
  );
  return body.certificate;
}

/** The whole service, users' passwords included (include_secrets=true; without it Aiven redacts them). */
export async function getService(
  caller: Caller,
  project: string,
  service: string,
  signal: AbortSignal,
): Promise<Service> {
  const params = { path: { project, service_name: service }, query: { include_secrets: true } };
  const body = await caller.call('ServiceGet', signal, () => caller.http.GET(path, { params, signal }));
  return body.service;
}

/** The parts of a service needed to connect to it, with every credential left out. */
export function toConnection(service: Service): ServiceConnection {
  const credentialKeys = new Set(['user', 'password']);
  const uriParams = Object.fromEntries(
    Object.entries(service.service_uri_params ?? {}).filter(([key]) => !credentialKeys.has(key)),
  );
  return {
    serviceType: service.service_type,
    state: service.state,
    components: service.components ?? [],
    uriParams,
  };
}

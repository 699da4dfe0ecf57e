import type { Caller } from './caller.ts';
import { serviceParams, type ServiceRef } from './refs.ts';
import type { OpenSearchAclConfig } from './types.ts';

const path = '/v1/project/{project}/service/{service_name}/opensearch/acl' as const;

export async function getOpenSearchAcl(
  caller: Caller,
  ref: ServiceRef,
  signal: AbortSignal,
): Promise<OpenSearchAclConfig> {
  const body = await caller.call('ServiceOpenSearchAclGet', signal, () =>
    caller.http.GET(path, { params: { path: serviceParams(ref) }, signal }),
  );
  return body.opensearch_acl_config;
}

/** Writes the whole configuration. There is no version check: callers serialize read-modify-write per service. */
export async function updateOpenSearchAcl(
  caller: Caller,
  ref: ServiceRef,
  config: OpenSearchAclConfig,
  signal: AbortSignal,
): Promise<OpenSearchAclConfig> {
  const body = { opensearch_acl_config: config };
  const updated = await caller.call('ServiceOpenSearchAclUpdate', signal, () =>
    caller.http.PUT(path, { params: { path: serviceParams(ref) }, body, signal }),
  );
  return updated.opensearch_acl_config;
}

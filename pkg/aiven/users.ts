import type { Caller } from './caller.ts';
import { AivenConflictError, AivenNotFoundError } from './errors.ts';
import { userParams, type UserRef } from './refs.ts';
import type { AccessControl, DeleteOutcome, ServiceUser } from './types.ts';

const usersPath = '/v1/project/{project}/service/{service_name}/user' as const;
const userPath = '/v1/project/{project}/service/{service_name}/user/{service_username}' as const;

/** The user with its credentials, or undefined when it does not exist. */
export async function getServiceUser(
  caller: Caller,
  ref: UserRef,
  signal: AbortSignal,
): Promise<ServiceUser | undefined> {
  const params = { path: userParams(ref), query: { include_secrets: true } };
  try {
    const body = await caller.call('ServiceUserGet', signal, () => caller.http.GET(userPath, { params, signal }));
    return body.user;
  } catch (err) {
    if (err instanceof AivenNotFoundError) return undefined;
    throw err;
  }
}

/**
 * Creates the user, or returns it when it already exists (`existed`). That makes a create safe to repeat: after a
 * response lost in transit the retry gets 409 "already exists", and the user is read instead of created twice. It
 * also makes create the first call for a user: one call for a new user, where a read first would make two.
 */
export async function createServiceUser(
  caller: Caller,
  ref: UserRef,
  accessControl: AccessControl | undefined,
  signal: AbortSignal,
): Promise<{ readonly user: ServiceUser; readonly existed: boolean }> {
  const params = { path: { project: ref.project, service_name: ref.service } };
  const body = { username: ref.username, ...(accessControl ? { access_control: accessControl } : {}) };
  try {
    const created = await caller.call('ServiceUserCreate', signal, () =>
      caller.http.POST(usersPath, { params, body, signal }),
    );
    return { user: created.user, existed: false };
  } catch (err) {
    if (!(err instanceof AivenConflictError)) throw err;
    const existing = await getServiceUser(caller, ref, signal);
    if (!existing) throw err;
    return { user: existing, existed: true };
  }
}

export async function setServiceUserAccessControl(
  caller: Caller,
  ref: UserRef,
  accessControl: AccessControl,
  signal: AbortSignal,
): Promise<void> {
  const body = { operation: 'set-access-control' as const, access_control: accessControl };
  await caller.call('ServiceUserCredentialsModify', signal, () =>
    caller.http.PUT(userPath, { params: { path: userParams(ref) }, body, signal }),
  );
}

/** New password (and, for Kafka, new certificate); read the user afterwards for the new credentials. */
export async function resetServiceUserCredentials(caller: Caller, ref: UserRef, signal: AbortSignal): Promise<void> {
  await caller.call('ServiceUserCredentialsReset', signal, () =>
    caller.http.PUT(`${userPath}/credentials/reset`, { params: { path: userParams(ref) }, signal }),
  );
}

export async function deleteServiceUser(caller: Caller, ref: UserRef, signal: AbortSignal): Promise<DeleteOutcome> {
  try {
    await caller.call('ServiceUserDelete', signal, () =>
      caller.http.DELETE(userPath, { params: { path: userParams(ref) }, signal }),
    );
    return 'deleted';
  } catch (err) {
    if (err instanceof AivenNotFoundError) return 'absent';
    throw err;
  }
}

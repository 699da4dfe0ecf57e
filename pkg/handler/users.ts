import type { UserRef } from '../aiven/client.ts';
import type { AccessControl, ServiceUser } from '../aiven/types.ts';
import { PermanentError } from '../runtime/errors.ts';
import type { LedgerEntry } from '../secret/ledger.ts';
import type { HandlerPlan, ProvisionContext, UserChange } from './types.ts';

/**
 * The user of this generation: created, or reused when it exists. Create comes first (a create that finds the user
 * reads it): a new user, the usual case, costs one Aiven call; one that exists (a retried synchronization) costs two.
 */
export async function getOrCreateUser(
  ctx: ProvisionContext,
  ref: UserRef,
  accessControl?: AccessControl,
): Promise<{ user: ServiceUser; change: UserChange }> {
  const { user, existed } = await ctx.aiven.createServiceUser(ref, accessControl, ctx.signal);
  return { user, change: existed ? 'reused' : 'created' };
}

/** The annotation names under which a handler records its one user (`<service>.aiven.nais.io/...`). */
export interface UserAnnotations {
  readonly serviceName: string;
  readonly serviceUser: string;
  readonly project: string;
}

export interface UserRecordKind {
  /** The handler's service, which prefixes the entry's id. */
  readonly service: string;
  readonly reasonPrefix: string;
  readonly label: string;
}

/**
 * The user a secret's annotations name: undefined when they name no service; a record naming the service without its
 * user or project cannot be cleaned up and is a permanent error (`<reasonPrefix>RecordIncomplete`).
 */
export function recordedUser(
  annotations: Readonly<Record<string, string>>,
  names: UserAnnotations,
  what: Pick<UserRecordKind, 'reasonPrefix' | 'label'>,
): UserRef | undefined {
  const service = annotations[names.serviceName];
  if (!service) return undefined;
  const username = annotations[names.serviceUser];
  const project = annotations[names.project];
  if (!username || !project)
    throw new PermanentError(
      `${what.reasonPrefix}RecordIncomplete`,
      `the secret names ${what.label} service ${service} without its user or project`,
    );
  return { project, service, username };
}

/** The ledger entry of a one-user record: what `declare` records and what `readLedger` reads back. */
export const userEntry = (user: UserRef, names: UserAnnotations, what: UserRecordKind): LedgerEntry => ({
  service: what.service,
  id: `${what.service}/${user.project}/${user.service}/${user.username}`,
  annotations: { [names.serviceName]: user.service, [names.serviceUser]: user.username, [names.project]: user.project },
});

/** recordedUser as the list `readLedger` returns. */
export function readUserEntries(
  annotations: Readonly<Record<string, string>>,
  names: UserAnnotations,
  what: UserRecordKind,
): LedgerEntry[] {
  const user = recordedUser(annotations, names, what);
  return user ? [userEntry(user, names, what)] : [];
}

/** A handler the app does not ask for declares and provisions nothing. */
export const nothingToProvision: HandlerPlan = {
  secrets: [],
  provision: () => Promise.resolve({ keys: {}, users: [] }),
};

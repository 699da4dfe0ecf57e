import type { UserRef } from '../aiven/client.ts';
import type { AccessControl, ServiceUser } from '../aiven/types.ts';
import { PermanentError } from '../runtime/errors.ts';
import type { SecretDraft } from './draft.ts';
import type { HandlerContext, RecordedUser } from './types.ts';

/** Puts what cleanup will need on the draft and persists it at once: always before the user is created. */
export async function recordOn(
  ctx: HandlerContext,
  draft: SecretDraft,
  writer: string,
  annotations: Readonly<Record<string, string>>,
): Promise<void> {
  for (const [key, value] of Object.entries(annotations)) draft.annotate(writer, key, value);
  await ctx.record(draft);
}

/** The user of this generation: reused when it exists, created otherwise (a create that finds it reads it). */
export async function getOrCreateUser(
  ctx: HandlerContext,
  ref: UserRef,
  accessControl?: AccessControl,
): Promise<ServiceUser> {
  return (
    (await ctx.aiven.getServiceUser(ref, ctx.signal)) ??
    (await ctx.aiven.createServiceUser(ref, accessControl, ctx.signal))
  );
}

/** The annotation names under which a handler records its one user (`<service>.aiven.nais.io/...`). */
export interface UserAnnotations {
  readonly serviceName: string;
  readonly serviceUser: string;
  readonly project: string;
}

/**
 * The user a secret's annotations name, for cleanup: undefined when they name no service; a record naming the
 * service without its user or project cannot be cleaned up and is a permanent error (`<reasonPrefix>RecordIncomplete`).
 */
export function recordedUser(
  annotations: Readonly<Record<string, string>>,
  names: UserAnnotations,
  what: { readonly reasonPrefix: string; readonly label: string },
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

/** recordedUser as the list `Handler.recordedUsers` returns, the id prefixed by the handler's service. */
export function recordedUsersOf(
  annotations: Readonly<Record<string, string>>,
  names: UserAnnotations,
  what: { readonly reasonPrefix: string; readonly label: string; readonly service: string },
): RecordedUser[] {
  const user = recordedUser(annotations, names, what);
  if (!user) return [];
  return [
    {
      id: `${what.service}/${user.project}/${user.service}/${user.username}`,
      annotations: {
        [names.serviceName]: user.service,
        [names.serviceUser]: user.username,
        [names.project]: user.project,
      },
    },
  ];
}

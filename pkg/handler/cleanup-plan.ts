// Which recorded users a cleanup deletes: every user the given annotation sets name, except one another live
// managed secret still names (two secrets can name one user; deleting it would break the other's pods). Pure.
import type { Handler, RecordedUser } from './types.ts';

export interface UserToDelete {
  readonly handler: Handler;
  readonly user: RecordedUser;
}

export interface CleanupPlan {
  readonly delete: readonly UserToDelete[];
  /** Named elsewhere too: left for the last secret that names them. */
  readonly shared: readonly RecordedUser[];
}

/** An incomplete record names no user that could be matched; the secret holding it fails its own cleanup, loudly. */
function usersOrNone(handler: Handler, annotations: Readonly<Record<string, string>>): RecordedUser[] {
  try {
    return handler.recordedUsers(annotations);
  } catch {
    return [];
  }
}

/** Ids of the users the sets name. */
export function namedUserIds(
  handlers: readonly Handler[],
  sets: readonly Readonly<Record<string, string>>[],
): Set<string> {
  return new Set(sets.flatMap((a) => handlers.flatMap((h) => usersOrNone(h, a).map((user) => user.id))));
}

/** Throws the handler's PermanentError when a set records a user cleanup cannot act on. */
export function planUserCleanup(
  handlers: readonly Handler[],
  sets: readonly Readonly<Record<string, string>>[],
  namedElsewhere: ReadonlySet<string>,
): CleanupPlan {
  const named = sets.flatMap((a) =>
    handlers.flatMap((handler) => handler.recordedUsers(a).map((user) => ({ handler, user }))),
  );
  const unique = [...new Map(named.map((entry) => [entry.user.id, entry])).values()];
  return {
    delete: unique.filter(({ user }) => !namedElsewhere.has(user.id)),
    shared: unique.filter(({ user }) => namedElsewhere.has(user.id)).map(({ user }) => user),
  };
}

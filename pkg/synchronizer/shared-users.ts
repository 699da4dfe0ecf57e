// Which users other live managed secrets name. A user two secrets name (the same generation written under two
// names, or a record copied by hand) is deleted only by the last of them to go. Pure over the cached secrets.
import type { V1Secret } from '@kubernetes/client-node';
import { namedUserIds } from '../handler/cleanup-plan.ts';
import type { Handler } from '../handler/types.ts';
import { recordedSets } from './metadata.ts';
import { isTerminating } from './ownership.ts';

/** Ids of the users named by every managed secret that is neither `self` nor being deleted. */
export function usersNamedByOthers(
  handlers: readonly Handler[],
  secrets: readonly V1Secret[],
  self: V1Secret,
): Set<string> {
  const uid = self.metadata?.uid;
  const others = secrets.filter((s) => s.metadata?.uid !== uid && !isTerminating(s));
  return namedUserIds(
    handlers,
    others.flatMap((s) => recordedSets(s.metadata?.annotations ?? {})),
  );
}

// What a token problem does to an app's outcomes. Pure. A token that cannot be read fails every service with its
// reason, permanently: only a change to the token secret can fix it, and that change queues the app again.
import { describeTokenSource } from '../aiven/token.ts';
import type { AivenAccess, GrantedAccess } from '../aiven/app-tokens.ts';
import type { Handler } from '../handler/types.ts';
import type { ServiceOutcome } from './status.ts';

export function tokenProblemOutcomes(
  handlers: readonly Handler[],
  problem: Extract<AivenAccess, { ok: false }>,
): ServiceOutcome[] {
  return handlers.map((h) => ({
    service: h.service,
    conditionType: h.conditionType,
    ok: false,
    reason: problem.reason,
    message: problem.message,
    permanent: true,
  }));
}

/**
 * Names the source of a token Aiven rejected. When the token changed while it was in use (a rotation), the rejection
 * says nothing about the new token: the failure becomes transient, so the app is retried with it.
 */
export function explainRejections(
  outcomes: readonly ServiceOutcome[],
  used: GrantedAccess,
  now: AivenAccess,
): ServiceOutcome[] {
  const rotated = !now.ok || now.recorded !== used.recorded || now.version !== used.version;
  return outcomes.map((o) =>
    o.reason === 'AivenTokenRejected'
      ? {
          ...o,
          message: `${o.message} (token from ${describeTokenSource(used.source)})`,
          permanent: !rotated,
        }
      : o,
  );
}

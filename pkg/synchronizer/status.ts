// The status a synchronization leaves: Ready, one condition per requested service (reason and a message safe to
// show), and aivenator's synchronization fields. Pure.
import type { AivenApplication, AivenApplicationStatus, Condition } from '../api/aiven-application.ts';

export interface ServiceOutcome {
  readonly service: string;
  /** The condition this service's outcome sets, e.g. `KafkaReady`. */
  readonly conditionType: string;
  readonly ok: boolean;
  /** A failure that retrying cannot fix (bad spec, conflict, Aiven 4xx): wait for the app to change. */
  readonly permanent?: boolean;
  readonly reason: string;
  readonly message: string;
}

interface Observation {
  readonly type: string;
  readonly ok: boolean;
  readonly reason: string;
  readonly message: string;
}

/** A condition keeps its transition time while its status stays the same. */
function condition(previous: readonly Condition[], seen: Observation, now: string, generation: number): Condition {
  const status = seen.ok ? 'True' : 'False';
  const before = previous.find((c) => c.type === seen.type);
  // nais/aivenator's conditions have no transition time: one starts now.
  const lastTransitionTime = before?.status === status ? (before.lastTransitionTime ?? now) : now;
  return {
    type: seen.type,
    status,
    reason: seen.reason,
    message: seen.message,
    lastTransitionTime,
    observedGeneration: generation,
  };
}

function readiness(outcomes: readonly ServiceOutcome[]): Observation {
  const failed = outcomes.filter((o) => !o.ok);
  if (failed.length === 0) {
    return {
      type: 'Ready',
      ok: true,
      reason: 'Synchronized',
      message: `credentials for ${outcomes.map((o) => o.service).join(', ')} are in place`,
    };
  }
  return {
    type: 'Ready',
    ok: false,
    reason: failed[0]?.reason ?? 'Failed',
    message: failed.map((o) => `${o.service}: ${o.message}`).join('; '),
  };
}

export function nextStatus(
  app: AivenApplication,
  outcomes: readonly ServiceOutcome[],
  hash: string,
  now: Date,
): AivenApplicationStatus {
  const previous = app.status?.conditions ?? [];
  const time = now.toISOString();
  const generation = app.metadata.generation ?? 0;
  const failed = outcomes.filter((o) => !o.ok);
  const ready = condition(previous, readiness(outcomes), time, generation);
  const perService = outcomes.map((o) => condition(previous, { ...o, type: o.conditionType }, time, generation));
  return {
    conditions: [ready, ...perService],
    observedGeneration: generation,
    services: outcomes.map((o) => o.service).join(','),
    synchronizationTime: time,
    // A failed attempt clears the hash, so the next reconcile synchronizes again instead of seeing "up to date".
    synchronizationHash: failed.length === 0 ? hash : '',
    synchronizationState: failed.length === 0 ? 'RolloutComplete' : 'RolloutFailed',
    ...(failed.length === 0 ? { synchronizedGeneration: generation } : {}),
  };
}

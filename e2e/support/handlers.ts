import { PassThrough } from 'node:stream';
import { SecretDraft } from '../../pkg/handler/draft.ts';
import type { HandlerContext, InstanceState } from '../../pkg/handler/types.ts';
import { systemClock } from '../../pkg/runtime/clock.ts';
import { createLogger } from '../../pkg/runtime/log.ts';
import type { AivenSimulator } from '../aiven-sim/server.ts';
import { adminToken, fastRetry, newTestClient } from './aiven.ts';

export interface Recording {
  readonly annotations: Record<string, string>;
  /** Every username that existed in the simulator, in any service, when the draft was recorded. */
  readonly existingUsers: ReadonlySet<string>;
}

export interface HandlerHarness {
  readonly ctx: HandlerContext;
  readonly draftFor: (name: string) => SecretDraft;
  readonly drafts: Map<string, SecretDraft>;
  readonly recorded: Recording[];
}

const allUsernames = (sim: AivenSimulator): Set<string> =>
  new Set(
    [...sim.state.projects.values()].flatMap((p) =>
      [...p.services.values()].flatMap((s) => s.users.list().map((u) => u.username)),
    ),
  );

/**
 * A handler context over the simulator: instance states come from `instances` (`Kind/namespace/name` → state,
 * absent otherwise); `record` snapshots which users exist, so tests can check users are recorded before creation.
 */
export function handlerHarness(sim: AivenSimulator, instances: Record<string, InstanceState> = {}): HandlerHarness {
  const recorded: Recording[] = [];
  const drafts = new Map<string, SecretDraft>();
  const ctx: HandlerContext = {
    // Creating a Kafka user takes the simulator a moment (an RSA key); a realistic timeout avoids needless retries.
    aiven: newTestClient(sim, adminToken, { ...fastRetry, timeoutMs: 5000 }).client,
    log: createLogger({ format: 'json', level: 'error', stream: new PassThrough() }),
    signal: new AbortController().signal,
    clock: systemClock,
    config: { mainProject: 'dev-nais-dev', kafkaPools: ['dev-nais-dev', 'nav-prod'] },
    instances: {
      state: (kind, namespace, name) => Promise.resolve(instances[`${kind}/${namespace}/${name}`] ?? 'absent'),
    },
    record: (draft) => {
      recorded.push({ annotations: draft.annotations(), existingUsers: allUsernames(sim) });
      return Promise.resolve();
    },
  };
  const draftFor = (name: string): SecretDraft => {
    const draft = drafts.get(name) ?? new SecretDraft(name);
    drafts.set(name, draft);
    return draft;
  };
  return { ctx, draftFor, drafts, recorded };
}

/** A draft's value for `key`, decoded. */
export const valueOf = (draft: SecretDraft | undefined, key: string): string =>
  Buffer.from(draft?.data()[key] ?? '', 'base64').toString('utf8');

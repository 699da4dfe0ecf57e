import { PassThrough } from 'node:stream';
import type { AivenApplication } from '../../pkg/api/aiven-application.ts';
import { SecretDraft } from '../../pkg/handler/draft.ts';
import type {
  CleanupContext,
  Handler,
  InstanceState,
  KubernetesAccess,
  ProvisionContext,
} from '../../pkg/handler/types.ts';
import { systemClock } from '../../pkg/runtime/clock.ts';
import { createLogger } from '../../pkg/runtime/log.ts';
import { gatherFacts } from '../../pkg/synchronizer/facts.ts';
import type { AivenSimulator } from '../../sim/server.ts';
import { adminToken, fastRetry, newTestClient } from './aiven.ts';

export interface Recording {
  readonly annotations: Record<string, string>;
  /** Every username that existed in the simulator, in any service, when the entries were recorded. */
  readonly existingUsers: ReadonlySet<string>;
}

export interface HandlerHarness {
  readonly ctx: ProvisionContext & CleanupContext;
  /** Both phases as the synchronizer runs them: declare, record every entry (snapshotting users), provision. */
  readonly apply: (handler: Handler, app: AivenApplication) => Promise<void>;
  /** Cleans up every entry the annotations record, as the finalizer does. */
  readonly cleanup: (handler: Handler, annotations: Readonly<Record<string, string>>) => Promise<void>;
  /** The secrets written: the handler's keys, and the recorded entries as annotations. */
  readonly drafts: Map<string, SecretDraft>;
  readonly recorded: Recording[];
}

const allUsernames = (sim: AivenSimulator): Set<string> =>
  new Set(
    [...sim.state.projects.values()].flatMap((p) =>
      [...p.services.values()].flatMap((s) => s.users.list().map((u) => u.username)),
    ),
  );

const config = {
  mainProject: 'dev-nais-dev',
  kafkaPools: ['dev-nais-dev', 'nav-prod'],
  kubernetes: { enabled: false, namespaces: [], deniedResources: [], deniedApiGroups: [], deniedVerbs: [] },
};

/** The Aiven handlers never reach the Kubernetes API; a call here is a test failure. */
const noKubernetes: KubernetesAccess = {
  grant: () => Promise.reject(new Error('the Aiven handlers do not grant Kubernetes access')),
  requestToken: () => Promise.reject(new Error('the Aiven handlers do not request tokens')),
  revoke: () => Promise.reject(new Error('the Aiven handlers do not revoke Kubernetes access')),
  cluster: { server: '', ca: '' },
};

/**
 * Handlers over the simulator: instance states come from `instances` (`Kind/namespace/name` → state, absent
 * otherwise); recording snapshots which users exist, so tests can check users are recorded before creation.
 */
export function handlerHarness(sim: AivenSimulator, instances: Record<string, InstanceState> = {}): HandlerHarness {
  const recorded: Recording[] = [];
  const drafts = new Map<string, SecretDraft>();
  const registry = {
    state: (kind: string, namespace: string, name: string) =>
      Promise.resolve(instances[`${kind}/${namespace}/${name}`] ?? 'absent'),
  };
  const ctx = {
    // Creating a Kafka user takes the simulator a moment (an RSA key); a realistic timeout avoids needless retries.
    aiven: newTestClient(sim, adminToken, { ...fastRetry, timeoutMs: 5000 }).client,
    kubernetes: noKubernetes,
    secretUid: () => undefined,
    log: createLogger({ format: 'json', level: 'error', stream: new PassThrough() }),
    signal: new AbortController().signal,
    clock: systemClock,
  };
  const draftFor = (name: string): SecretDraft => {
    const draft = drafts.get(name) ?? new SecretDraft(name);
    drafts.set(name, draft);
    return draft;
  };
  const apply = async (handler: Handler, app: AivenApplication): Promise<void> => {
    if (!handler.requested(app)) return; // as the synchronizer: only what the app asks for
    const facts = await gatherFacts(app, [handler], { registry, config }, ctx.signal);
    const plan = handler.declare(app, facts);
    const entries = plan.secrets.flatMap((s) => s.entries.map((entry) => ({ secretName: s.secretName, entry })));
    for (const { secretName, entry } of entries)
      for (const [key, value] of Object.entries(entry.annotations))
        draftFor(secretName).annotate(handler.service, key, value);
    const annotations = Object.fromEntries(entries.flatMap(({ entry }) => Object.entries(entry.annotations)));
    recorded.push({ annotations, existingUsers: allUsernames(sim) });
    const provisioned = await plan.provision(ctx);
    for (const [secretName, keys] of Object.entries(provisioned.keys))
      for (const [key, value] of Object.entries(keys))
        if (typeof value === 'string') draftFor(secretName).setString(handler.service, key, value);
        else draftFor(secretName).setBinary(handler.service, key, value);
  };
  const cleanup = async (handler: Handler, annotations: Readonly<Record<string, string>>): Promise<void> => {
    for (const entry of handler.readLedger(annotations)) await handler.cleanup(entry, ctx);
  };
  return { ctx, apply, cleanup, drafts, recorded };
}

/** A draft's value for `key`, decoded. */
export const valueOf = (draft: SecretDraft | undefined, key: string): string =>
  Buffer.from(draft?.data()[key] ?? '', 'base64').toString('utf8');

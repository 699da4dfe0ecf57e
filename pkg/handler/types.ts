// The contract every service handler implements (handlers/<service>/). Handlers never talk to the API server: they
// get an Aiven client bound to the app's token, and a `record` port through which the synchronizer persists, on the
// secret, what cleanup will need, before anything is created in Aiven.
import type { AivenApplication } from '../api/aiven-application.ts';
import type { AivenClient } from '../aiven/client.ts';
import type { Clock } from '../runtime/clock.ts';
import type { Logger } from '../runtime/log.ts';
import type { SecretDraft } from './draft.ts';

export type ServiceName = 'kafka' | 'opensearch' | 'postgres' | 'valkey' | 'kubernetes';

export interface HandlerConfig {
  /** Aiven project of OpenSearch, PostgreSQL and Valkey services, and of AIVEN_CA. */
  readonly mainProject: string;
  /** Kafka pools (Aiven projects) apps may use. */
  readonly kafkaPools: readonly string[];
}

/** aiven-operator's kinds for team-owned services. */
export type InstanceKind = 'OpenSearch' | 'Valkey' | 'PostgreSQL';

/** What aiven-operator's resource for a team's service says, looked up in the app's own namespace. */
export type InstanceState = 'running' | 'not-running' | 'absent';

/**
 * The ownership check (aivenator #477): credentials for a team's service are only handed to apps in
 * the namespace whose aiven-operator resource (aiven.io/v1alpha1) declares it. Implemented in pkg/kube.
 */
export interface InstanceRegistry {
  state(kind: InstanceKind, namespace: string, name: string, signal: AbortSignal): Promise<InstanceState>;
}

export interface HandlerContext {
  readonly aiven: AivenClient;
  readonly log: Logger;
  readonly signal: AbortSignal;
  readonly clock: Clock;
  readonly config: HandlerConfig;
  readonly instances: InstanceRegistry;
  /** Persists the draft's annotations on its secret now; called before creating anything cleanup must find. */
  readonly record: (draft: SecretDraft) => Promise<void>;
}

/**
 * One Aiven user a secret's annotations name. `id` is the same on every secret that names the same user, so cleanup
 * can tell a user another live secret still names; `annotations` is the subset that names this user alone.
 */
export interface RecordedUser {
  readonly id: string;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface Handler {
  readonly service: ServiceName;
  /** The secrets the app's request for this service writes to; empty when the app does not ask for it. */
  secretNames(app: AivenApplication): string[];
  apply(app: AivenApplication, draftFor: (secretName: string) => SecretDraft, ctx: HandlerContext): Promise<void>;
  /**
   * The users the annotations name (none when they name none of this service's). A record cleanup could not act on
   * (a user without its project) is a PermanentError: nothing would delete that user.
   */
  recordedUsers(annotations: Readonly<Record<string, string>>): RecordedUser[];
  /** Deletes what apply created, found through the secret's annotations only. Idempotent: gone counts as done. */
  cleanup(annotations: Readonly<Record<string, string>>, ctx: HandlerContext): Promise<void>;
}

// The contract every service handler implements (handlers/<service>/), in two phases. `declare` is pure: from the app
// and what the synchronizer gathered, it names the ledger entries each secret will record. The synchronizer records
// them all, in one write per secret, before `provision` creates anything: record-before-create is the synchronizer's
// property, not a rule each handler must remember. Handlers never talk to the API server.
import type { AivenApplication } from '../api/aiven-application.ts';
import type { AivenClient } from '../aiven/client.ts';
import type { Clock } from '../runtime/clock.ts';
import type { Logger } from '../runtime/log.ts';
import type { LedgerEntry, LedgerReader, ProjectScope } from '../secret/ledger.ts';

/** The projects handlers provision in (defined with the ledger, which checks unsigned records against them). */
export type HandlerConfig = ProjectScope;

/** aiven-operator's kinds for team-owned services. */
export type InstanceKind = 'OpenSearch' | 'Valkey' | 'PostgreSQL';

/** What aiven-operator's resource for a team's service says, looked up in the app's own namespace. */
export type InstanceState = 'running' | 'not-running' | 'absent';

/**
 * The ownership check (aivenator #477): credentials for a team's service are only handed to apps in the namespace
 * whose aiven-operator resource (aiven.io/v1alpha1) declares it. Implemented in pkg/kube.
 */
export interface InstanceRegistry {
  state(kind: InstanceKind, namespace: string, name: string, signal: AbortSignal): Promise<InstanceState>;
}

/** A team service an app names: the first candidate whose resource exists in the namespace is the service. */
export interface InstanceQuery {
  readonly kind: InstanceKind;
  readonly namespace: string;
  readonly candidates: readonly string[];
}

/** What the synchronizer gathered before the handlers declare. */
export interface Facts {
  readonly config: HandlerConfig;
  /** The Aiven service a query resolved to; throws the TransientError saying why there is none (yet). */
  readonly instance: (query: InstanceQuery) => string;
}

/** The entries one secret will record for one handler. */
export interface SecretLedger {
  readonly secretName: string;
  readonly entries: readonly LedgerEntry[];
}

export type UserChange = 'created' | 'reused' | 'updated';

/** Secret keys: text values as strings, binary ones as Buffers. */
export type SecretKeys = Readonly<Record<string, string | Buffer>>;

export interface Provisioned {
  /** The keys for each secret, by secret name. */
  readonly keys: Readonly<Record<string, SecretKeys>>;
  /** What happened to each declared entry. */
  readonly users: readonly { readonly id: string; readonly change: UserChange }[];
}

export interface ProvisionContext {
  readonly aiven: AivenClient;
  readonly log: Logger;
  readonly signal: AbortSignal;
  readonly clock: Clock;
}

export interface CleanupContext {
  readonly aiven: AivenClient;
  readonly log: Logger;
  readonly signal: AbortSignal;
}

/** A handler's declaration: what it will record, and the provisioning to run once that is recorded. */
export interface HandlerPlan {
  readonly secrets: readonly SecretLedger[];
  provision(ctx: ProvisionContext): Promise<Provisioned>;
}

export interface Handler extends LedgerReader {
  /** `kafka`, `valkey`, …: names the handler in logs, conditions' messages and ledger entries. */
  readonly service: string;
  /** The app's status condition for this service, e.g. `KafkaReady`. */
  readonly conditionType: string;
  /** Whether the app asks for this service. */
  requested(app: AivenApplication): boolean;
  /** The secrets the app's request writes to (what the janitor keeps); pure. */
  secretNames(app: AivenApplication): string[];
  /** The team services the request names, for the synchronizer to resolve before `declare`; pure. */
  instances(app: AivenApplication): InstanceQuery[];
  /** Pure. Throws a PermanentError for a request that can never work, before anything is recorded or created. */
  declare(app: AivenApplication, facts: Facts): HandlerPlan;
  /** Deletes what one entry names. Idempotent: gone counts as done. */
  cleanup(entry: LedgerEntry, ctx: CleanupContext): Promise<void>;
}

// The contract every service handler implements (handlers/<service>/), in two phases. `declare` is pure: from the app
// and what the synchronizer gathered, it names the ledger entries each secret will record. The synchronizer records
// them all, in one write per secret, before `provision` creates anything: record-before-create is the synchronizer's
// property, not a rule each handler must remember. Handlers never talk to the API server.
import type { AivenApplication } from '../api/aiven-application.ts';
import type { AivenClient } from '../aiven/client.ts';
import type { UserRef } from '../aiven/refs.ts';
import type { Clock } from '../runtime/clock.ts';
import type { Logger } from '../runtime/log.ts';
import type { LedgerEntry, LedgerReader, ProjectScope } from '../secret/ledger.ts';

/** What apps may be granted in Kubernetes (controller settings): outside it, nothing is created. */
export interface KubernetesAccessPolicy {
  /** Off: an app asking for access gets a permanent condition. */
  readonly enabled: boolean;
  /** Namespaces any app may ask for, besides its own. */
  readonly namespaces: readonly string[];
  /** Resources (`secrets`, `pods/exec`, …, or `*`) no rule may name. */
  readonly deniedResources: readonly string[];
  /** API groups no rule may name. */
  readonly deniedApiGroups: readonly string[];
  /** Verbs no rule may name. */
  readonly deniedVerbs: readonly string[];
}

/** What handlers are configured with: the projects (defined with the ledger, which checks unsigned records against
 * them) and the Kubernetes access policy. */
export interface HandlerConfig extends ProjectScope {
  readonly kubernetes: KubernetesAccessPolicy;
}

/** A namespaced object the Kubernetes access handler manages. */
export interface ObjectRef {
  readonly namespace: string;
  readonly name: string;
}

export type PolicyRule = NonNullable<AivenApplication['spec']['kubernetes']>['rules'][number];

/** A ServiceAccount and what it is granted: a Role with exactly `rules` in the target namespace, and its binding. */
export interface AccessGrant {
  readonly serviceAccount: ObjectRef;
  readonly role: ObjectRef;
  readonly rules: readonly PolicyRule[];
  /** Labels and annotations the three objects carry (whose they are). */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** A bound, expiring ServiceAccount token. */
export interface IssuedToken {
  readonly token: string;
  readonly expiresAt: Date;
}

/**
 * The Kubernetes API as the access handler needs it (implemented in pkg/kube): handlers never hold a client. Objects
 * are only ever deleted when their owner annotation names an app of the namespace given.
 */
export interface KubernetesAccess {
  /** Creates or updates the ServiceAccount, the Role (its rules replaced) and the RoleBinding. */
  grant(grant: AccessGrant, signal: AbortSignal): Promise<void>;
  /** A token for the ServiceAccount that lives `ttlSeconds` and dies with the Secret `boundTo` (same namespace). */
  requestToken(
    serviceAccount: ObjectRef,
    options: { readonly ttlSeconds: number; readonly boundTo: { readonly name: string; readonly uid: string } },
    signal: AbortSignal,
  ): Promise<IssuedToken>;
  /** Deletes what a grant made, each object only if an app of `ownerNamespace` owns it (gone counts as done). */
  revoke(
    refs: { serviceAccount: ObjectRef; role: ObjectRef },
    ownerNamespace: string,
    signal: AbortSignal,
  ): Promise<void>;
  /** Where clients reach this cluster: the server URL and its CA (PEM), for kubeconfigs. */
  readonly cluster: { readonly server: string; readonly ca: string };
}

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
  readonly kubernetes: KubernetesAccess;
  /** The uid of an app's secret, once recorded (a token can be bound to it). */
  readonly secretUid: (secretName: string) => string | undefined;
  readonly log: Logger;
  readonly signal: AbortSignal;
  readonly clock: Clock;
}

export interface UserLookupContext {
  readonly aiven: AivenClient;
  readonly signal: AbortSignal;
}

export interface CleanupContext {
  readonly aiven: AivenClient;
  readonly kubernetes: KubernetesAccess;
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
  /**
   * The Aiven service users one entry names, for drift detection (a user deleted behind the controller's back is
   * created again). Handlers whose credentials are not Aiven users (Kubernetes access) leave it out.
   */
  recordedUsers?(entry: LedgerEntry, ctx: UserLookupContext): Promise<readonly UserRef[]>;
  /**
   * When the credential this handler wrote into the secret must be issued again (epoch ms), for credentials that
   * expire; the app is looked at then and synchronized. Pure.
   */
  renewAt?(app: AivenApplication, data: Readonly<Record<string, string>>): number | undefined;
}

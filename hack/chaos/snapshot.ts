// What the invariants are checked against: the world as gather.ts read it at one moment (apps, secrets, workloads,
// Aiven's users) and what the harness did to it (desired.ts). Plain data, so the checks are pure functions.

/** `<namespace>/<name>` of an app or a secret. */
export type ObjectKey = string;
/** `<project>/<service>/<username>`: one Aiven user. */
export type UserKey = string;

export const objectKey = (namespace: string, name: string): ObjectKey => `${namespace}/${name}`;
export const userKey = (project: string, service: string, username: string): UserKey =>
  `${project}/${service}/${username}`;

/** An Aiven service's type, as the simulator's fixture names it. */
export type ServiceType = 'kafka' | 'opensearch' | 'pg' | 'valkey';

export interface AivenUser {
  readonly key: UserKey;
  readonly type: ServiceType;
  readonly username: string;
  readonly password: string;
  readonly accessCert?: string;
  readonly accessKey?: string;
}

/** A user a managed secret's record names. */
export interface RecordedUser {
  readonly key: UserKey;
  /** `<project>/<service>`: an app has one current user per slot. */
  readonly slot: string;
  readonly username: string;
}

export interface RetiredUser extends RecordedUser {
  /** ms since the epoch. */
  readonly retiredAt: number;
}

export type SignatureState = 'verified' | 'unsigned' | 'invalid';

export interface SecretView {
  readonly key: ObjectKey;
  readonly managed: boolean;
  readonly resourceVersion: string;
  readonly terminating: boolean;
  readonly signature: SignatureState;
  readonly current: readonly RecordedUser[];
  readonly retired: readonly RetiredUser[];
  /** Decoded values (managed secrets only). */
  readonly data: Readonly<Record<string, string>>;
}

export interface AppView {
  readonly key: ObjectKey;
  readonly generation: number;
  readonly ready?: { readonly status: string; readonly reason: string; readonly observedGeneration: number };
  /** The secrets its services write to, in its namespace. */
  readonly requestedSecrets: readonly ObjectKey[];
}

/** What an app should show once things settle: Ready, or Ready=False with the reason its bad input documents. */
export type Expectation = { readonly ready: true } | { readonly ready: false; readonly reason: string };

/** What the harness did and therefore expects. */
export interface DesiredView {
  /** Every app that should exist. */
  readonly apps: ReadonlyMap<ObjectKey, Expectation>;
  /** Managed secrets that existed while a workload read them: they must stay while it does. */
  readonly mustSurvive: ReadonlySet<ObjectKey>;
  /** Unmanaged secrets and the resourceVersion the harness last gave them. */
  readonly unmanaged: ReadonlyMap<ObjectKey, string>;
  /** Users a forged record named: the controller must leave them alone. */
  readonly protectedUsers: ReadonlySet<UserKey>;
  /** Objects the CRD should have refused and the API server stored instead. */
  readonly acceptedBadObjects: readonly string[];
}

export interface Snapshot {
  readonly now: number;
  readonly graceMs: number;
  readonly apps: readonly AppView[];
  readonly secrets: readonly SecretView[];
  readonly aivenUsers: readonly AivenUser[];
  /** Secrets a workload's pod template reads. */
  readonly workloadRefs: ReadonlySet<ObjectKey>;
  readonly desired: DesiredView;
}

export const invariantNames = [
  'ready',
  'orphans',
  'duplicates',
  'lost-secrets',
  'missing-users',
  'unmanaged',
  'crd',
  'leaks',
] as const;
export type InvariantName = (typeof invariantNames)[number];

export interface Violation {
  readonly invariant: InvariantName;
  /** Names objects and users, never a secret value. */
  readonly message: string;
  /** The id of the known controller issue (known-issues.ts) this violation is an instance of. */
  readonly known?: string;
}

/** The secrets the apps that should be Ready ask for: what the controller must have written, signed and filled. */
export const secretsOfReadyApps = (snapshot: Snapshot): Set<ObjectKey> =>
  new Set(
    snapshot.apps
      .filter((app) => snapshot.desired.apps.get(app.key)?.ready === true)
      .flatMap((app) => app.requestedSecrets),
  );

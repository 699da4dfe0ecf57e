// Small worlds for the invariants' table tests: one Ready PostgreSQL app with its secret and its user, each part
// replaceable. Used by the *.test.ts beside it only.
import type { AivenUser, AppView, DesiredView, Expectation, RecordedUser, SecretView, Snapshot } from '../snapshot.ts';

export const now = Date.parse('2026-12-01T12:00:00Z');
export const graceMs = 3000;

export const pgUser = (username: string, password = `pw-${username}`): AivenUser => ({
  key: `proj/pg-ns/${username}`,
  type: 'pg',
  username,
  password,
});

export const recorded = (user: AivenUser): RecordedUser => ({
  key: user.key,
  slot: user.key.split('/').slice(0, 2).join('/'),
  username: user.username,
});

export const pgSecret = (key: string, user: AivenUser, changes: Partial<SecretView> = {}): SecretView => ({
  key,
  managed: true,
  resourceVersion: '1',
  terminating: false,
  signature: 'verified',
  current: [recorded(user)],
  retired: [],
  data: { AIVEN_CA: 'ca', PGUSER: user.username, PGPASSWORD: user.password },
  ...changes,
});

export const readyApp = (key: string, secrets: string[], changes: Partial<AppView> = {}): AppView => ({
  key,
  generation: 1,
  ready: { status: 'True', reason: 'Synchronized', observedGeneration: 1 },
  requestedSecrets: secrets,
  ...changes,
});

export const desired = (changes: Partial<DesiredView> = {}): DesiredView => ({
  apps: new Map<string, Expectation>([['ns/app', { ready: true }]]),
  mustSurvive: new Set(),
  unmanaged: new Map(),
  protectedUsers: new Set(),
  acceptedBadObjects: [],
  ...changes,
});

/** A settled world: app ns/app Ready, its secret ns/app-aiven recording user ns_app_1, who is in Aiven. */
export function settled(changes: Partial<Snapshot> = {}): Snapshot {
  const user = pgUser('ns_app_1');
  return {
    now,
    graceMs,
    apps: [readyApp('ns/app', ['ns/app-aiven'])],
    secrets: [pgSecret('ns/app-aiven', user)],
    aivenUsers: [user],
    workloadRefs: new Set(),
    desired: desired(),
    ...changes,
  };
}

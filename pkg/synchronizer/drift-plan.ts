// Drift detection's pure part: the Aiven users the live managed secrets record, grouped so that each Aiven service is
// listed once per token (O(services) calls, however many apps), and which of them a listing no longer holds.
import type { ServiceRef, UserRef } from '../aiven/refs.ts';

/** One user a live managed secret records, and whose it is. */
export interface RecordedUser {
  readonly user: UserRef;
  /** The app to synchronize again when the user is gone (`namespace/name`). */
  readonly app: { readonly namespace: string; readonly name: string };
  readonly secretName: string;
  readonly handler: string;
  /** The token source the secret records: a service is listed with the token that made its users. */
  readonly token: string;
}

/** One listing to make: a service, with the token that can read it, and who expects which user in it. */
export interface ServiceCheck {
  readonly token: string;
  readonly ref: ServiceRef;
  readonly expected: readonly RecordedUser[];
}

export function groupByService(recorded: readonly RecordedUser[]): ServiceCheck[] {
  const groups = new Map<string, { token: string; ref: ServiceRef; expected: RecordedUser[] }>();
  for (const entry of recorded) {
    const { project, service } = entry.user;
    const key = JSON.stringify([entry.token, project, service]);
    const group = groups.get(key) ?? { token: entry.token, ref: { project, service }, expected: [] };
    group.expected.push(entry);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** One recorded user on one secret: which disappearances drift detection has already counted. */
export const recordedUserId = (entry: RecordedUser): string =>
  JSON.stringify([entry.user.project, entry.user.service, entry.user.username, entry.app.namespace, entry.secretName]);

/** Of a service not listed this pass, the users the last listing did not hold: they stay counted as missing. */
export const unlistedMissing = (check: ServiceCheck, missingBefore: ReadonlySet<string>): string[] =>
  check.expected.map(recordedUserId).filter((id) => missingBefore.has(id));

/** The expected users a listing of their service does not hold. */
export const missingFrom = (check: ServiceCheck, listed: ReadonlySet<string>): RecordedUser[] =>
  check.expected.filter((entry) => !listed.has(entry.user.username));

export type UsernameConvention = 'underscore' | 'dot' | 'other';

/** nais/aivenator's classification for aivenator_service_users_count: three `_` → underscore, else any `.` → dot. */
export function conventionOf(username: string): UsernameConvention {
  if (username.split('_').length === 4) return 'underscore';
  return username.includes('.') ? 'dot' : 'other';
}

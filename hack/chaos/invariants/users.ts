// Aiven's users against the records on live managed secrets: every user is recorded (current, or replaced and still
// within --user-grace-period), so nothing is left that no cleanup would find (no orphan); no user is the current one of
// two secrets, and no app holds two current users of one service (no duplicate). A secret still being deleted has not
// finished its users' cleanup; the record of an app's secret that does not verify would leave its users behind when it
// goes (a tenant's own managed-looking secret need not verify: that is what makes it harmless). Pure.
import {
  secretsOfReadyApps,
  type RecordedUser,
  type SecretView,
  type Snapshot,
  type UserKey,
  type Violation,
} from '../snapshot.ts';

interface Mentions {
  current: SecretView[];
  /** Each secret naming it as replaced, and when it was replaced there. */
  retired: { secret: SecretView; at: number }[];
}

const isLive = (secret: SecretView): boolean => secret.managed && !secret.terminating;

function mentions(secrets: readonly SecretView[]): Map<UserKey, Mentions> {
  const found = new Map<UserKey, Mentions>();
  const entry = (key: UserKey): Mentions => {
    const existing = found.get(key) ?? { current: [], retired: [] };
    found.set(key, existing);
    return existing;
  };
  for (const secret of secrets.filter(isLive)) {
    for (const user of secret.current) entry(user.key).current.push(secret);
    for (const user of secret.retired) entry(user.key).retired.push({ secret, at: user.retiredAt });
  }
  return found;
}

const orphan = (message: string): Violation => ({ invariant: 'orphans', message });

/** A replaced user past its grace period, still in Aiven. */
function overdue(key: UserKey, seen: Mentions, snapshot: Snapshot): Violation[] {
  if (seen.current.length > 0 || seen.retired.some(({ at }) => at + snapshot.graceMs >= snapshot.now)) return [];
  return [orphan(`Aiven user ${key} was replaced and its grace period is over, yet it is still there`)];
}

export function checkOrphans(snapshot: Snapshot): Violation[] {
  const recorded = mentions(snapshot.secrets);
  const violations: Violation[] = [];
  for (const user of snapshot.aivenUsers) {
    const seen = recorded.get(user.key);
    if (!seen) violations.push(orphan(`Aiven user ${user.key} is recorded on no live managed secret`));
    else violations.push(...overdue(user.key, seen, snapshot));
  }
  for (const secret of snapshot.secrets.filter((s) => s.managed && s.terminating))
    violations.push(orphan(`secret ${secret.key} is still being deleted: the cleanup of its users has not finished`));
  const written = secretsOfReadyApps(snapshot);
  for (const secret of snapshot.secrets.filter((s) => isLive(s) && written.has(s.key) && s.signature !== 'verified'))
    violations.push(orphan(`the record of secret ${secret.key} does not verify (${secret.signature})`));
  return violations;
}

const duplicate = (message: string): Violation => ({ invariant: 'duplicates', message });

function sharedUsers(snapshot: Snapshot): Violation[] {
  return [...mentions(snapshot.secrets.filter((s) => s.signature === 'verified'))]
    .filter(([, seen]) => seen.current.length > 1)
    .map(([key, seen]) =>
      duplicate(`Aiven user ${key} is the current user of ${seen.current.map((s) => s.key).join(' and ')}`),
    );
}

/** Per app that should be Ready: the current users its secrets record, more than one for a service. */
function doubledSlots(snapshot: Snapshot): Violation[] {
  const secrets = new Map(snapshot.secrets.filter(isLive).map((s) => [s.key, s]));
  return snapshot.apps.flatMap((app) => {
    const bySlot = new Map<string, RecordedUser[]>();
    for (const user of app.requestedSecrets.flatMap((name) => secrets.get(name)?.current ?? []))
      bySlot.set(user.slot, [...(bySlot.get(user.slot) ?? []), user]);
    return [...bySlot]
      .filter(([, users]) => new Set(users.map((u) => u.key)).size > 1)
      .map(([slot, users]) =>
        duplicate(
          `app ${app.key} has ${String(users.length)} current users on ${slot}: ${users.map((u) => u.username).join(', ')}`,
        ),
      );
  });
}

export const checkDuplicates = (snapshot: Snapshot): Violation[] => [
  ...sharedUsers(snapshot),
  ...doubledSlots(snapshot),
];

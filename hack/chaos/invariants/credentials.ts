// The credentials in the secrets apps read work: every user the secret of a Ready app records as current is in Aiven,
// and the secret holds that user's credentials as Aiven has them now; no user a forged record named was deleted.
// (A secret kept only because a workload reads it is held to being there, in secrets.ts: its app may have gone
// before its first synchronization finished, leaving a record and no credentials, which nothing will complete.) Pure.
import {
  secretsOfReadyApps,
  type AivenUser,
  type SecretView,
  type Snapshot,
  type UserKey,
  type Violation,
} from '../snapshot.ts';

const missing = (message: string): Violation => ({ invariant: 'missing-users', message });

/** Whether the secret's keys hold this user's credentials (the keys each handler writes, README). */
function holdsCredentials(data: Readonly<Record<string, string>>, user: AivenUser): boolean {
  switch (user.type) {
    case 'pg':
      return data.PGUSER === user.username && data.PGPASSWORD === user.password;
    case 'opensearch':
      return data.OPEN_SEARCH_USERNAME === user.username && data.OPEN_SEARCH_PASSWORD === user.password;
    case 'valkey':
      return Object.entries(data).some(
        ([key, value]) =>
          key.startsWith('VALKEY_USERNAME_') &&
          value === user.username &&
          data[key.replace('VALKEY_USERNAME_', 'VALKEY_PASSWORD_')] === user.password,
      );
    case 'kafka':
      return data.KAFKA_CERTIFICATE === user.accessCert && data.KAFKA_PRIVATE_KEY === user.accessKey;
  }
}

function checkSecret(secret: SecretView, users: ReadonlyMap<UserKey, AivenUser>): Violation[] {
  return secret.current.flatMap((recorded) => {
    const user = users.get(recorded.key);
    if (!user) return [missing(`user ${recorded.key}, current on secret ${secret.key}, is not in Aiven`)];
    if (!holdsCredentials(secret.data, user))
      return [missing(`secret ${secret.key} does not hold the credentials Aiven has for ${recorded.key}`)];
    return [];
  });
}

export function checkCredentials(snapshot: Snapshot): Violation[] {
  const users = new Map(snapshot.aivenUsers.map((user) => [user.key, user]));
  const used = secretsOfReadyApps(snapshot);
  const violations = snapshot.secrets
    .filter((secret) => secret.managed && !secret.terminating && used.has(secret.key))
    .flatMap((secret) => checkSecret(secret, users));
  for (const key of snapshot.desired.protectedUsers)
    if (!users.has(key)) violations.push(missing(`user ${key}, which a forged record named, was deleted`));
  return violations;
}

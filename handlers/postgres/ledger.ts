// The PostgreSQL user a secret records: project, service and username.
import type { UserRef } from '../../pkg/aiven/client.ts';
import { isGenerationOf } from '../../pkg/handler/suffix.ts';
import { readUserEntries, recordedUser, userEntry } from '../../pkg/handler/users.ts';
import type { LedgerEntry, ProjectScope, RecordOwner } from '../../pkg/secret/ledger.ts';
import { postgresAnnotations } from './keys.ts';
import { postgresUserName } from './naming.ts';

const record = { reasonPrefix: 'Postgres', label: 'PostgreSQL', service: 'postgres' };

export const postgresEntry = (user: UserRef): LedgerEntry => userEntry(user, postgresAnnotations, record);

export const readPostgresLedger = (annotations: Readonly<Record<string, string>>): LedgerEntry[] =>
  readUserEntries(annotations, postgresAnnotations, record);

export const recordedPostgresUser = (annotations: Readonly<Record<string, string>>): UserRef | undefined =>
  recordedUser(annotations, postgresAnnotations, record);

/** A main-project user named after the owner's namespace and app (the checksum covers both full names). */
export function postgresEntryDerivesFrom(entry: LedgerEntry, owner: RecordOwner, scope: ProjectScope): boolean {
  const user = recordedPostgresUser(entry.annotations);
  return (
    user?.project === scope.mainProject &&
    isGenerationOf(user.username, postgresUserName(owner.namespace, owner.app, ''))
  );
}

// The PostgreSQL user a secret records: project, service and username.
import type { UserRef } from '../../pkg/aiven/client.ts';
import { readUserEntries, recordedUser, userEntry } from '../../pkg/handler/users.ts';
import type { LedgerEntry } from '../../pkg/secret/ledger.ts';
import { postgresAnnotations } from './keys.ts';

const record = { reasonPrefix: 'Postgres', label: 'PostgreSQL', service: 'postgres' };

export const postgresEntry = (user: UserRef): LedgerEntry => userEntry(user, postgresAnnotations, record);

export const readPostgresLedger = (annotations: Readonly<Record<string, string>>): LedgerEntry[] =>
  readUserEntries(annotations, postgresAnnotations, record);

export const recordedPostgresUser = (annotations: Readonly<Record<string, string>>): UserRef | undefined =>
  recordedUser(annotations, postgresAnnotations, record);

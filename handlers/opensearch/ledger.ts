// The OpenSearch user a secret records: project, service and username, under nais/aivenator's annotation names.
import type { UserRef } from '../../pkg/aiven/client.ts';
import { readUserEntries, recordedUser, userEntry } from '../../pkg/handler/users.ts';
import type { LedgerEntry } from '../../pkg/secret/ledger.ts';
import { openSearchAnnotations } from './keys.ts';

const record = { reasonPrefix: 'OpenSearch', label: 'OpenSearch', service: 'opensearch' };

export const openSearchEntry = (user: UserRef): LedgerEntry => userEntry(user, openSearchAnnotations, record);

export const readOpenSearchLedger = (annotations: Readonly<Record<string, string>>): LedgerEntry[] =>
  readUserEntries(annotations, openSearchAnnotations, record);

export const recordedOpenSearchUser = (annotations: Readonly<Record<string, string>>): UserRef | undefined =>
  recordedUser(annotations, openSearchAnnotations, record);

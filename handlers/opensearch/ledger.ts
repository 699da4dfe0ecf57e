// The OpenSearch user a secret records: project, service and username, under nais/aivenator's annotation names.
import type { UserRef } from '../../pkg/aiven/client.ts';
import { accessLevels, isGenerationOf } from '../../pkg/handler/suffix.ts';
import { readUserEntries, recordedUser, userEntry } from '../../pkg/handler/users.ts';
import type { LedgerEntry, ProjectScope, RecordOwner } from '../../pkg/secret/ledger.ts';
import { openSearchAnnotations } from './keys.ts';
import { openSearchUserName } from './naming.ts';

const record = { reasonPrefix: 'OpenSearch', label: 'OpenSearch', service: 'opensearch' };

export const openSearchEntry = (user: UserRef): LedgerEntry => userEntry(user, openSearchAnnotations, record);

export const readOpenSearchLedger = (annotations: Readonly<Record<string, string>>): LedgerEntry[] =>
  readUserEntries(annotations, openSearchAnnotations, record);

export const recordedOpenSearchUser = (annotations: Readonly<Record<string, string>>): UserRef | undefined =>
  recordedUser(annotations, openSearchAnnotations, record);

/** A main-project user named after the owner's namespace, at some access level (the scheme names no app). */
export function openSearchEntryDerivesFrom(entry: LedgerEntry, owner: RecordOwner, scope: ProjectScope): boolean {
  const user = recordedOpenSearchUser(entry.annotations);
  if (user?.project !== scope.mainProject) return false;
  return accessLevels.some((access) => isGenerationOf(user.username, openSearchUserName(owner.namespace, access, '')));
}

// The Valkey users a secret records: one per instance (`<instance>.valkey.aiven.nais.io/serviceName|serviceUser`),
// with the project they share (`valkey.aiven.nais.io/project`), as nais/aivenator writes them.
import type { UserRef } from '../../pkg/aiven/client.ts';
import { accessLevels, isGenerationOf } from '../../pkg/handler/suffix.ts';
import { PermanentError } from '../../pkg/runtime/errors.ts';
import type { LedgerEntry, ProjectScope, RecordOwner } from '../../pkg/secret/ledger.ts';
import { valkeyAnnotations, valkeyProjectAnnotation } from './keys.ts';
import { valkeyUserName } from './naming.ts';

const serviceNameSuffix = '.valkey.aiven.nais.io/serviceName';
const serviceUserSuffix = '.valkey.aiven.nais.io/serviceUser';

const entryOf = (user: UserRef, serviceKey: string, userKey: string): LedgerEntry => ({
  service: 'valkey',
  id: `valkey/${user.project}/${user.service}/${user.username}`,
  annotations: { [valkeyProjectAnnotation]: user.project, [serviceKey]: user.service, [userKey]: user.username },
});

/** The entry of the user of one instance. */
export const valkeyEntry = (instance: string, user: UserRef): LedgerEntry => {
  const names = valkeyAnnotations(instance);
  return entryOf(user, names.serviceName, names.serviceUser);
};

interface ValkeyRecord {
  readonly user: UserRef;
  readonly serviceKey: string;
  readonly userKey: string;
}

/** One record per instance the annotations name; an instance recorded without a user names none. */
function valkeyRecords(annotations: Readonly<Record<string, string>>): ValkeyRecord[] {
  const instances = Object.keys(annotations).filter((key) => key.endsWith(serviceNameSuffix));
  if (instances.length === 0) return [];
  const project = annotations[valkeyProjectAnnotation];
  if (!project)
    throw new PermanentError('ValkeyRecordIncomplete', 'the secret names Valkey users but not their project');
  return instances.flatMap((serviceKey) => {
    const userKey = `${serviceKey.slice(0, -serviceNameSuffix.length)}${serviceUserSuffix}`;
    const username = annotations[userKey];
    const service = annotations[serviceKey] ?? '';
    return username ? [{ user: { project, service, username }, serviceKey, userKey }] : [];
  });
}

export const readValkeyLedger = (annotations: Readonly<Record<string, string>>): LedgerEntry[] =>
  valkeyRecords(annotations).map((r) => entryOf(r.user, r.serviceKey, r.userKey));

/** The users an entry names (one, as `valkeyEntry` writes it). */
export const valkeyUsersOf = (entry: LedgerEntry): UserRef[] => valkeyRecords(entry.annotations).map((r) => r.user);

/**
 * Users of the namespace's own instances (`valkey-<namespace>-…`) in the main project, named after the app at some
 * access level (the scheme puts the namespace in the service's name, not the user's).
 */
export function valkeyEntryDerivesFrom(entry: LedgerEntry, owner: RecordOwner, scope: ProjectScope): boolean {
  const users = valkeyUsersOf(entry);
  return (
    users.length > 0 &&
    users.every(
      (user) =>
        user.project === scope.mainProject &&
        user.service.startsWith(`valkey-${owner.namespace}-`) &&
        accessLevels.some((access) => isGenerationOf(user.username, valkeyUserName(owner.app, access, ''))),
    )
  );
}

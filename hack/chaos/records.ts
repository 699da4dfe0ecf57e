// A managed secret's record as the invariants see it (current and replaced users, each as the Aiven user it names, and
// whether its signature verifies), and Aiven's users as the simulator holds them. Pure, over the simulator's state.
import type { V1Secret } from '@kubernetes/client-node';
import type { Handler } from '../../pkg/handler/types.ts';
import { managedLabel, secretAnnotations } from '../../pkg/secret/labels.ts';
import { parseRetired, readableEntries, type LedgerEntry } from '../../pkg/secret/ledger.ts';
import { verifyRecord, type RecordKey } from '../../pkg/secret/signature.ts';
import { ourAnnotations } from '../../pkg/secret/trust.ts';
import type { SimState } from '../../sim/state.ts';
import {
  objectKey,
  userKey,
  type AivenUser,
  type RecordedUser,
  type SecretView,
  type SignatureState,
} from './snapshot.ts';

export interface RecordReading {
  readonly handlers: readonly Handler[];
  readonly keys: readonly RecordKey[];
  readonly state: SimState;
}

/** The Aiven user an entry names. Kafka's entries name the pool; the pool's Kafka service is `kafka` or `<pool>-kafka`. */
function userOf(entry: LedgerEntry, state: SimState): RecordedUser | undefined {
  const parts = entry.id.split('/');
  if (entry.service === 'kafka') {
    const [, pool = '', username = ''] = parts;
    const service = state.service(pool, 'kafka') ? 'kafka' : `${pool}-kafka`;
    return { key: userKey(pool, service, username), slot: `${pool}/${service}`, username };
  }
  const [, project = '', service = '', username = ''] = parts;
  return parts.length === 4
    ? { key: userKey(project, service, username), slot: `${project}/${service}`, username }
    : undefined;
}

const usersOf = (entries: readonly LedgerEntry[], state: SimState): RecordedUser[] =>
  entries.map((entry) => userOf(entry, state)).filter((user): user is RecordedUser => user !== undefined);

const decoded = (data: Readonly<Record<string, string>> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(data ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64').toString()]));

function signatureOf(secret: V1Secret, keys: readonly RecordKey[]): SignatureState {
  const place = { namespace: secret.metadata?.namespace ?? '', name: secret.metadata?.name ?? '' };
  const { kind } = verifyRecord(keys, place, ourAnnotations(secret.metadata?.annotations));
  return kind;
}

/** The record's users: current, and replaced with when. */
function recordOf(annotations: Readonly<Record<string, string>>, reading: RecordReading) {
  const { handlers, state } = reading;
  const retired = parseRetired(annotations[secretAnnotations.retired]).flatMap((record) =>
    usersOf(readableEntries(handlers, record.annotations), state).map((user) => ({
      ...user,
      retiredAt: Date.parse(record.retiredAt),
    })),
  );
  return { current: usersOf(readableEntries(handlers, annotations), state), retired };
}

export function secretViewOf(secret: V1Secret, reading: RecordReading): SecretView {
  const metadata = secret.metadata ?? {};
  const managed = metadata.labels?.[managedLabel.key] === managedLabel.value;
  const base = {
    key: objectKey(metadata.namespace ?? '', metadata.name ?? ''),
    managed,
    resourceVersion: metadata.resourceVersion ?? '',
    terminating: metadata.deletionTimestamp !== undefined,
  };
  if (!managed) return { ...base, signature: 'unsigned', current: [], retired: [], data: {} };
  return {
    ...base,
    signature: signatureOf(secret, reading.keys),
    ...recordOf(metadata.annotations ?? {}, reading),
    data: decoded(secret.data),
  };
}

/** Every service user but the built-in admins. */
export function aivenUsersOf(state: SimState): AivenUser[] {
  return [...state.projects.values()].flatMap((project) =>
    [...project.services.values()].flatMap((service) =>
      service.users
        .list()
        .filter((user) => user.type !== 'primary')
        .map((user) => ({
          key: userKey(project.name, service.fixture.name, user.username),
          type: service.fixture.type,
          username: user.username,
          password: user.password,
          ...(user.accessCert ? { accessCert: user.accessCert } : {}),
          ...(user.accessKey ? { accessKey: user.accessKey } : {}),
        })),
    ),
  );
}

// The Kafka user a secret records: pool and username (the pool's Kafka service is looked up when it is needed).
import { isGenerationOf } from '../../pkg/handler/suffix.ts';
import { PermanentError } from '../../pkg/runtime/errors.ts';
import type { LedgerEntry, ProjectScope, RecordOwner } from '../../pkg/secret/ledger.ts';
import { kafkaAnnotations } from './keys.ts';
import { kafkaServiceUserName } from './naming.ts';

export interface KafkaUser {
  readonly pool: string;
  readonly username: string;
}

export const kafkaEntry = ({ pool, username }: KafkaUser): LedgerEntry => ({
  service: 'kafka',
  id: `kafka/${pool}/${username}`,
  annotations: { [kafkaAnnotations.serviceUser]: username, [kafkaAnnotations.pool]: pool },
});

/** The user the annotations name, if any; a user without its pool cannot be cleaned up and is refused. */
export function recordedKafkaUser(annotations: Readonly<Record<string, string>>): KafkaUser | undefined {
  const username = annotations[kafkaAnnotations.serviceUser];
  if (!username) return undefined;
  const pool = annotations[kafkaAnnotations.pool];
  if (!pool) throw new PermanentError('KafkaPoolUnknown', `the secret names Kafka user ${username} but not its pool`);
  return { pool, username };
}

export function readKafkaLedger(annotations: Readonly<Record<string, string>>): LedgerEntry[] {
  const user = recordedKafkaUser(annotations);
  return user ? [kafkaEntry(user)] : [];
}

/** An allowed pool's user named after the owner's team and app (the scheme's checksum covers both names). */
export function kafkaEntryDerivesFrom(entry: LedgerEntry, owner: RecordOwner, scope: ProjectScope): boolean {
  const user = recordedKafkaUser(entry.annotations);
  return (
    user !== undefined &&
    scope.kafkaPools.includes(user.pool) &&
    isGenerationOf(user.username, kafkaServiceUserName(owner.namespace, owner.app, ''))
  );
}

// The Kafka user a secret records: pool and username (the pool's Kafka service is looked up when it is needed).
import { PermanentError } from '../../pkg/runtime/errors.ts';
import type { LedgerEntry } from '../../pkg/secret/ledger.ts';
import { kafkaAnnotations } from './keys.ts';

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

import type { HandlerContext, RecordedUser } from '../../pkg/handler/types.ts';
import { PermanentError } from '../../pkg/runtime/errors.ts';
import { kafkaAnnotations } from './keys.ts';
import { resolveKafkaService } from './service.ts';

/** The Kafka user the secret names, identified by pool and username (the service is looked up at cleanup). */
export function recordedKafkaUsers(annotations: Readonly<Record<string, string>>): RecordedUser[] {
  const username = annotations[kafkaAnnotations.serviceUser];
  if (!username) return [];
  const pool = annotations[kafkaAnnotations.pool];
  if (!pool) throw new PermanentError('KafkaPoolUnknown', `the secret names Kafka user ${username} but not its pool`);
  return [
    {
      id: `kafka/${pool}/${username}`,
      annotations: { [kafkaAnnotations.serviceUser]: username, [kafkaAnnotations.pool]: pool },
    },
  ];
}

/** Deletes the Kafka user the secret names; a secret without one, or a user already gone, is done. */
export async function cleanupKafka(annotations: Readonly<Record<string, string>>, ctx: HandlerContext): Promise<void> {
  for (const user of recordedKafkaUsers(annotations)) {
    const pool = user.annotations[kafkaAnnotations.pool] ?? '';
    const username = user.annotations[kafkaAnnotations.serviceUser] ?? '';
    const { ref } = await resolveKafkaService(ctx.aiven, pool, ctx.signal);
    const outcome = await ctx.aiven.deleteServiceUser({ ...ref, username }, ctx.signal);
    ctx.log.info('kafka user cleaned up', { aivenProject: pool, aivenService: ref.service, outcome });
  }
}

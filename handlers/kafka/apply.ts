// Kafka apply: check the pool, find its Kafka service, record the user on the secret, create or reuse the user, then
// fill the secret with its certificate, key stores and addresses (aivenator-spec.md §3.3, §4.3).
import type { AivenApplication } from '../../pkg/api/aiven-application.ts';
import type { SecretDraft } from '../../pkg/handler/draft.ts';
import { usernameSuffix } from '../../pkg/handler/suffix.ts';
import { getOrCreateUser, recordOn } from '../../pkg/handler/users.ts';
import type { HandlerContext } from '../../pkg/handler/types.ts';
import type { ServiceConnection } from '../../pkg/aiven/types.ts';
import { PermanentError } from '../../pkg/runtime/errors.ts';
import { kafkaAnnotations, kafkaKeys } from './keys.ts';
import { createKeystore, createTruststore, credstorePassword } from './keystore.ts';
import { kafkaServiceUserName } from './naming.ts';
import { addressOf, resolveKafkaService } from './service.ts';

const writer = 'kafka';

export const kafkaSecretName = (app: AivenApplication): string | undefined =>
  app.spec.kafka ? (app.spec.kafka.secretName ?? app.spec.secretName) : undefined;

function checkPool(pool: string, allowed: readonly string[]): void {
  if (!allowed.includes(pool)) {
    throw new PermanentError(
      'KafkaPoolNotAllowed',
      `kafka pool ${pool} is not one of the allowed pools: ${allowed.join(', ')}`,
    );
  }
}

function usernameFor(app: AivenApplication): string {
  const name = app.metadata.name ?? '';
  return kafkaServiceUserName(app.metadata.namespace ?? '', name, usernameSuffix(app.metadata.generation ?? 0, name));
}

interface KafkaCredentials {
  readonly username: string;
  readonly password: string;
  readonly certificate: string;
  readonly key: string;
  readonly ca: string;
  readonly connection: ServiceConnection;
}

function writeKafkaKeys(draft: SecretDraft, c: KafkaCredentials, now: number): void {
  const strings: [string, string][] = [
    [kafkaKeys.certificate, c.certificate],
    [kafkaKeys.privateKey, c.key],
    [kafkaKeys.brokers, addressOf(c.connection, 'kafka') ?? ''],
    [kafkaKeys.schemaRegistry, addressOf(c.connection, 'schema_registry', 'https') ?? ''],
    [kafkaKeys.schemaRegistryUser, c.username],
    [kafkaKeys.schemaRegistryPassword, c.password],
    [kafkaKeys.ca, c.ca],
    [kafkaKeys.credstorePassword, credstorePassword],
    [kafkaKeys.secretUpdated, new Date(now).toISOString()],
  ];
  for (const [key, value] of strings) draft.setString(writer, key, value);
  draft.setBinary(writer, kafkaKeys.keystore, createKeystore(c.certificate, c.key));
  draft.setBinary(writer, kafkaKeys.truststore, createTruststore(c.ca));
}

export async function applyKafka(
  app: AivenApplication,
  draftFor: (name: string) => SecretDraft,
  ctx: HandlerContext,
): Promise<void> {
  const { kafka } = app.spec;
  const secretName = kafkaSecretName(app);
  if (!kafka || !secretName) return;
  checkPool(kafka.pool, ctx.config.kafkaPools);
  const { aiven, signal } = ctx;
  const { ref, connection } = await resolveKafkaService(aiven, kafka.pool, signal);
  const username = usernameFor(app);
  const draft = draftFor(secretName);
  await recordOn(ctx, draft, writer, { [kafkaAnnotations.serviceUser]: username, [kafkaAnnotations.pool]: kafka.pool });
  const user = await getOrCreateUser(ctx, { ...ref, username });
  if (!user.access_cert || !user.access_key) {
    throw new PermanentError(
      'KafkaUserWithoutCertificate',
      `Aiven returned Kafka user ${username} without a client certificate`,
    );
  }
  const ca = await aiven.getProjectCa(kafka.pool, signal);
  const credentials = {
    username,
    password: user.password ?? '',
    certificate: user.access_cert,
    key: user.access_key,
    ca,
    connection,
  };
  writeKafkaKeys(draft, credentials, ctx.clock.now());
}

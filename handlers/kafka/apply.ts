// Kafka: declare checks the pool and names the user of this generation; provision finds the pool's Kafka service,
// creates or reuses the user, and builds its certificate, key stores and addresses (as nais/aivenator does).
import type { AivenApplication } from '../../pkg/api/aiven-application.ts';
import type { ServiceConnection } from '../../pkg/aiven/types.ts';
import { usernameSuffix } from '../../pkg/handler/suffix.ts';
import { getOrCreateUser, nothingToProvision } from '../../pkg/handler/users.ts';
import type { Facts, HandlerPlan, Provisioned, ProvisionContext, SecretKeys } from '../../pkg/handler/types.ts';
import { PermanentError } from '../../pkg/runtime/errors.ts';
import { kafkaKeys } from './keys.ts';
import { createKeystore, createTruststore, credstorePassword } from './keystore.ts';
import { kafkaEntry, type KafkaUser } from './ledger.ts';
import { kafkaServiceUserName } from './naming.ts';
import { addressOf, resolveKafkaService } from './service.ts';

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

/** The truststore of a CA: the same for every app of the CA, so built once per CA (3 ms each, seen in a profile). */
export type Truststores = (caPem: string) => Buffer;

/** A handler's truststores, kept for the few CAs (pools) it sees; a new CA (rotation) gets its own. */
export function truststoreCache(): Truststores {
  const byCa = new Map<string, Buffer>();
  return (caPem) => {
    const known = byCa.get(caPem);
    if (known) return known;
    if (byCa.size >= 16) byCa.clear(); // a handful of pools; a runaway of CAs must not grow without bound
    const built = createTruststore(caPem);
    byCa.set(caPem, built);
    return built;
  };
}

const kafkaKeysOf = (c: KafkaCredentials, now: number, truststores: Truststores): SecretKeys => ({
  [kafkaKeys.certificate]: c.certificate,
  [kafkaKeys.privateKey]: c.key,
  [kafkaKeys.brokers]: addressOf(c.connection, 'kafka') ?? '',
  [kafkaKeys.schemaRegistry]: addressOf(c.connection, 'schema_registry', 'https') ?? '',
  [kafkaKeys.schemaRegistryUser]: c.username,
  [kafkaKeys.schemaRegistryPassword]: c.password,
  [kafkaKeys.ca]: c.ca,
  [kafkaKeys.credstorePassword]: credstorePassword,
  [kafkaKeys.secretUpdated]: new Date(now).toISOString(),
  [kafkaKeys.keystore]: createKeystore(c.certificate, c.key),
  [kafkaKeys.truststore]: truststores(c.ca),
});

async function provisionKafka(
  request: { user: KafkaUser; secretName: string; truststores: Truststores },
  ctx: ProvisionContext,
): Promise<Provisioned> {
  const { user, secretName } = request;
  const { aiven, signal } = ctx;
  const { ref, connection } = await resolveKafkaService(aiven, user.pool, signal);
  const { username } = user;
  const { user: created, change } = await getOrCreateUser(ctx, { ...ref, username });
  if (!created.access_cert || !created.access_key) {
    throw new PermanentError(
      'KafkaUserWithoutCertificate',
      `Aiven returned Kafka user ${username} without a client certificate`,
    );
  }
  const ca = await aiven.getProjectCa(user.pool, signal);
  const credentials = {
    username,
    password: created.password ?? '',
    certificate: created.access_cert,
    key: created.access_key,
    ca,
    connection,
  };
  return {
    keys: { [secretName]: kafkaKeysOf(credentials, ctx.clock.now(), request.truststores) },
    users: [{ id: kafkaEntry(user).id, change }],
  };
}

export function declareKafka(app: AivenApplication, facts: Facts, truststores: Truststores): HandlerPlan {
  const { kafka } = app.spec;
  const secretName = kafkaSecretName(app);
  if (!kafka || !secretName) return nothingToProvision;
  checkPool(kafka.pool, facts.config.kafkaPools);
  const user = { pool: kafka.pool, username: usernameFor(app) };
  return {
    secrets: [{ secretName, entries: [kafkaEntry(user)] }],
    provision: (ctx) => provisionKafka({ user, secretName, truststores }, ctx),
  };
}

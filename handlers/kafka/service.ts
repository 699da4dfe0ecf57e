import type { AivenClient, ServiceRef } from '../../pkg/aiven/client.ts';
import type { ServiceConnection } from '../../pkg/aiven/types.ts';
import { PermanentError } from '../../pkg/runtime/errors.ts';

/**
 * A pool's Kafka service is named `kafka` or `<pool>-kafka` (as in nais/aivenator); the first that exists wins. Both
 * answers, a miss included, are kept by the client for its connection TTL: a pool's Kafka does not come and go.
 */
export async function resolveKafkaService(
  aiven: AivenClient,
  pool: string,
  signal: AbortSignal,
): Promise<{ ref: ServiceRef; connection: ServiceConnection }> {
  for (const service of ['kafka', `${pool}-kafka`]) {
    const ref = { project: pool, service };
    const connection = await aiven.findServiceConnection(ref, signal);
    if (connection) return { ref, connection };
  }
  throw new PermanentError(
    'KafkaServiceNotFound',
    `no Kafka service (kafka or ${pool}-kafka) in Aiven project ${pool}`,
  );
}

/** `host:port` (or `scheme://host:port`) of the first component with this name and usage, as aivenator picks it. */
export function addressOf(connection: ServiceConnection, component: string, scheme = ''): string | undefined {
  const found = connection.components.find((c) => c.component === component && c.usage === 'primary');
  if (!found) return undefined;
  const address = `${found.host}:${String(found.port)}`;
  return scheme ? `${scheme}://${address}` : address;
}

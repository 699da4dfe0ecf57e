// The Kafka proofs' harness: a real broker behind the simulator's Kafka service for a describe block, and a client
// that holds nothing but what an app's secret holds, as an app on NAIS would use it.
import { afterAll, beforeAll } from '@jest/globals';
import type { V1Secret } from '@kubernetes/client-node';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaKeys } from '../../handlers/kafka/keys.ts';
import type { AivenSimulator } from '../../sim/server.ts';
import { attachKafka, runKafkaTool, type KafkaBroker } from '../../testenv/servers/kafka.ts';

/** Formatting, a JVM start and the first ACLs: seconds, more on a busy machine. */
const startTimeoutMs = 120_000;

/** A broker behind `project/service` of the block's simulator (declare after the simulator: hooks run in order). */
export function useRealKafka(
  simulator: { readonly sim: AivenSimulator },
  project = 'dev-nais-dev',
  service = 'kafka',
): { readonly broker: KafkaBroker } {
  let broker: KafkaBroker | undefined;
  beforeAll(async () => {
    broker = await attachKafka(simulator.sim.state, project, service);
  }, startTimeoutMs);
  afterAll(async () => {
    await broker?.stop();
  });
  return {
    get broker(): KafkaBroker {
      if (!broker) throw new Error('useRealKafka: the broker is not running outside tests');
      return broker;
    },
  };
}

/** What became of one record: acknowledged at an offset, or refused with Kafka's exception (class and message). */
export type SendOutcome =
  | { readonly sent: true; readonly topic: string; readonly offset: number }
  | { readonly sent: false; readonly topic: string; readonly error: string };

interface ProducerEvent {
  readonly name?: string;
  readonly topic?: string;
  readonly offset?: number;
  readonly exception?: string;
  readonly message?: string;
}

const secretValue = (secret: V1Secret, key: string): Buffer => {
  const value = secret.data?.[key];
  if (value === undefined) throw new Error(`the secret has no ${key}`);
  return Buffer.from(value, 'base64');
};

/**
 * The client configuration an app builds from its secret: the PKCS#12 keystore, the truststore read as JKS (as apps
 * configure it; Java opens the PKCS#12 inside), the credstore password for both; host names verified (Kafka's
 * default). Bounded timeouts, so a refusal or a hang ends in seconds.
 */
function clientProperties(dir: string, password: string): string {
  return [
    'security.protocol=SSL',
    'ssl.keystore.type=PKCS12',
    `ssl.keystore.location=${join(dir, kafkaKeys.keystore)}`,
    `ssl.keystore.password=${password}`,
    `ssl.key.password=${password}`,
    'ssl.truststore.type=JKS',
    `ssl.truststore.location=${join(dir, kafkaKeys.truststore)}`,
    `ssl.truststore.password=${password}`,
    'acks=all',
    'max.block.ms=15000',
    'request.timeout.ms=10000',
    'delivery.timeout.ms=15000',
    '',
  ].join('\n');
}

/**
 * Sends one record to `topic` with Kafka's verifiable producer, using only the secret: KAFKA_BROKERS, the two stores
 * and KAFKA_CREDSTORE_PASSWORD. The outcome is the producer's own report of the send (its JSON events), never its
 * exit code: Kafka's producers exit 0 when a send was refused.
 */
export async function produceWithSecret(secret: V1Secret, topic: string, classpath?: string): Promise<SendOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'aivenator-kafka-client-'));
  try {
    const password = secretValue(secret, kafkaKeys.credstorePassword).toString('utf8');
    // The stores and the password in files only the owner reads, in a directory removed after the send.
    writeFileSync(join(dir, kafkaKeys.keystore), secretValue(secret, kafkaKeys.keystore), { mode: 0o600 });
    writeFileSync(join(dir, kafkaKeys.truststore), secretValue(secret, kafkaKeys.truststore), { mode: 0o600 });
    writeFileSync(join(dir, 'client.properties'), clientProperties(dir, password), { mode: 0o600 });
    const brokers = secretValue(secret, kafkaKeys.brokers).toString('utf8');
    const args = [
      ...['--bootstrap-server', brokers, '--topic', topic, '--max-messages', '1'],
      ...['--command-config', join(dir, 'client.properties')],
    ];
    const result = await runKafkaTool('org.apache.kafka.tools.VerifiableProducer', args, {
      timeoutMs: 60_000,
      ...(classpath === undefined ? {} : { classpath }),
    });
    const events = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as ProducerEvent);
    const success = events.find((e) => e.name === 'producer_send_success');
    if (success) return { sent: true, topic: success.topic ?? '', offset: success.offset ?? -1 };
    const error = events.find((e) => e.name === 'producer_send_error');
    if (error)
      return { sent: false, topic: error.topic ?? '', error: `${error.exception ?? ''}: ${error.message ?? ''}` };
    // Neither: the producer did not get as far as a send (a TLS failure, a timeout). What it said, for the message.
    const said = result.stderr.trim().split('\n').slice(-5).join('\n');
    return { sent: false, topic, error: `no send reported (exit ${String(result.code)}): ${said}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

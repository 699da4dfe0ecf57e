// The Kafka proof (`make kafka`): the controller's Kafka secret against a real Apache Kafka broker behind the
// simulator. A client holding only the secret (KAFKA_BROKERS, client.keystore.p12, client.truststore.jks,
// KAFKA_CREDSTORE_PASSWORD) produces where the ACL entry for its app allows and is refused elsewhere; once the app is
// deleted and its secret's finalizer has deleted the user, the same certificate, still valid, can produce nowhere.
import { describe, expect, test } from '@jest/globals';
import { kafkaServiceUserName } from '../handlers/kafka/naming.ts';
import { newTestClient } from './support/aiven.ts';
import { createApp } from './support/aiven-applications.ts';
import { produceWithSecret, useRealKafka } from './support/real-kafka.ts';
import { kafkaApp, useSynchronizer } from './support/synchronizer.ts';

const pool = 'dev-nais-dev';
const kafkaService = { project: pool, service: 'kafka' };
const userKey = 'kafka.aiven.nais.io/serviceUser';
const refused = /TopicAuthorizationException: Not authorized to access topics/;

describe('Kafka credentials against a real broker', () => {
  const harness = useSynchronizer();
  const kafka = useRealKafka(harness.simulator);
  const { ns, simulator } = harness;

  test('the secret produces where its ACL allows, is refused elsewhere, and nowhere once the app is deleted', async () => {
    const allowed = `${ns.name}.orders`;
    const other = `${ns.name}.payments`;
    const { broker } = kafka;
    await Promise.all([broker.createTopic(allowed), broker.createTopic(other)]);
    // nais/kafkarator's part: an entry for every user of the app, whatever its generation's suffix (the controller
    // makes the user; the entry comes first here, so the user gets its bindings when it is created).
    const { client } = newTestClient(simulator.sim);
    const appUsers = kafkaServiceUserName(ns.name, 'orders', '*');
    await client.ensureKafkaAcl(
      kafkaService,
      { username: appUsers, topic: allowed, permission: 'write' },
      AbortSignal.timeout(10_000),
    );

    harness.start();
    await createApp(ns.name, kafkaApp('orders', 'orders-kafka'));
    const secret = await harness.waitForKafkaCredentials('orders-kafka');
    const user = secret.metadata?.annotations?.[userKey] ?? '';
    expect(Buffer.from(secret.data?.KAFKA_BROKERS ?? '', 'base64').toString()).toBe(
      `${broker.endpoint.host}:${String(broker.endpoint.port)}`,
    );

    const [produced, refusedElsewhere] = await Promise.all([
      produceWithSecret(secret, allowed, broker.classpath),
      produceWithSecret(secret, other, broker.classpath),
    ]);
    expect(produced).toEqual({ sent: true, topic: allowed, offset: 0 });
    expect(refusedElsewhere).toMatchObject({ sent: false, topic: other, error: expect.stringMatching(refused) });

    // Deleting the app: the janitor deletes its unused secret, whose finalizer deletes the user, and with it the
    // user's bindings on the broker. The certificate in hand stays valid (the project CA signed it); it opens nothing.
    await harness.deleteApp('orders');
    await harness.waitForSecretGone('orders-kafka');
    expect(simulator.sim.state.service(pool, 'kafka')?.users.get(user)).toBeUndefined();
    expect(broker.access.applied().filter((binding) => binding.principal === user)).toEqual([]);
    const afterDeletion = await produceWithSecret(secret, allowed, broker.classpath);
    expect(afterDeletion).toMatchObject({ sent: false, topic: allowed, error: expect.stringMatching(refused) });
  }, 180_000);
});

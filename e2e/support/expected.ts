/** The Kafka keys apps read (as in nais/aivenator), spelled out once for the tests that check them. */
export const expectedKafkaKeys = [
  'KAFKA_BROKERS',
  'KAFKA_CA',
  'KAFKA_CERTIFICATE',
  'KAFKA_CREDSTORE_PASSWORD',
  'KAFKA_PRIVATE_KEY',
  'KAFKA_SCHEMA_REGISTRY',
  'KAFKA_SCHEMA_REGISTRY_PASSWORD',
  'KAFKA_SCHEMA_REGISTRY_USER',
  'KAFKA_SECRET_UPDATED',
  'client.keystore.p12',
  'client.truststore.jks',
];

// The Kafka secret's keys and annotations (as in nais/aivenator): apps and nais/kafkarator read these names.
export const kafkaKeys = {
  certificate: 'KAFKA_CERTIFICATE',
  privateKey: 'KAFKA_PRIVATE_KEY',
  brokers: 'KAFKA_BROKERS',
  schemaRegistry: 'KAFKA_SCHEMA_REGISTRY',
  schemaRegistryUser: 'KAFKA_SCHEMA_REGISTRY_USER',
  schemaRegistryPassword: 'KAFKA_SCHEMA_REGISTRY_PASSWORD',
  ca: 'KAFKA_CA',
  credstorePassword: 'KAFKA_CREDSTORE_PASSWORD',
  secretUpdated: 'KAFKA_SECRET_UPDATED',
  keystore: 'client.keystore.p12',
  truststore: 'client.truststore.jks',
} as const;

export const kafkaAnnotations = {
  serviceUser: 'kafka.aiven.nais.io/serviceUser',
  pool: 'kafka.aiven.nais.io/pool',
} as const;

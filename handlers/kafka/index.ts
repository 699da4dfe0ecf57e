import type { Handler } from '../../pkg/handler/types.ts';
import { declareKafka, kafkaSecretName, truststoreCache } from './apply.ts';
import { cleanupKafka, recordedKafkaUsers } from './cleanup.ts';
import { kafkaEntryDerivesFrom, readKafkaLedger } from './ledger.ts';

export function createKafkaHandler(): Handler {
  const truststores = truststoreCache();
  return {
    service: 'kafka',
    conditionType: 'KafkaReady',
    requested: (app) => kafkaSecretName(app) !== undefined,
    secretNames: (app) => {
      const name = kafkaSecretName(app);
      return name ? [name] : [];
    },
    instances: () => [],
    declare: (app, facts) => declareKafka(app, facts, truststores),
    readLedger: readKafkaLedger,
    derivesFrom: kafkaEntryDerivesFrom,
    cleanup: cleanupKafka,
    recordedUsers: recordedKafkaUsers,
  };
}

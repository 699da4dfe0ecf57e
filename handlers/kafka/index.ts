import type { Handler } from '../../pkg/handler/types.ts';
import { applyKafka, kafkaSecretName } from './apply.ts';
import { cleanupKafka, recordedKafkaUsers } from './cleanup.ts';

export function createKafkaHandler(): Handler {
  return {
    service: 'kafka',
    secretNames: (app) => {
      const name = kafkaSecretName(app);
      return name ? [name] : [];
    },
    apply: applyKafka,
    recordedUsers: recordedKafkaUsers,
    cleanup: cleanupKafka,
  };
}

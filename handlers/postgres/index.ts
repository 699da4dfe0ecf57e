import type { Handler } from '../../pkg/handler/types.ts';
import { applyPostgres, postgresSecretName } from './apply.ts';
import { cleanupPostgres, recordedPostgresUsers } from './cleanup.ts';

export function createPostgresHandler(): Handler {
  return {
    service: 'postgres',
    secretNames: (app) => {
      const name = postgresSecretName(app);
      return name ? [name] : [];
    },
    apply: applyPostgres,
    recordedUsers: recordedPostgresUsers,
    cleanup: cleanupPostgres,
  };
}

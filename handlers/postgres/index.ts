import type { Handler } from '../../pkg/handler/types.ts';
import { declarePostgres, postgresInstances, postgresSecretName } from './apply.ts';
import { cleanupPostgres } from './cleanup.ts';
import { postgresEntryDerivesFrom, readPostgresLedger, recordedPostgresUser } from './ledger.ts';

export function createPostgresHandler(): Handler {
  return {
    service: 'postgres',
    conditionType: 'PostgresReady',
    requested: (app) => postgresSecretName(app) !== undefined,
    secretNames: (app) => {
      const name = postgresSecretName(app);
      return name ? [name] : [];
    },
    instances: postgresInstances,
    declare: declarePostgres,
    readLedger: readPostgresLedger,
    derivesFrom: postgresEntryDerivesFrom,
    cleanup: cleanupPostgres,
    recordedUsers: (entry) => Promise.resolve([recordedPostgresUser(entry.annotations)].filter((u) => u !== undefined)),
  };
}

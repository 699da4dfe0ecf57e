import type { Handler } from '../../pkg/handler/types.ts';
import { declareValkey, valkeyInstances, valkeySecretNames } from './apply.ts';
import { cleanupValkey } from './cleanup.ts';
import { valkeyEntryDerivesFrom, readValkeyLedger, valkeyUsersOf } from './ledger.ts';

export function createValkeyHandler(): Handler {
  return {
    service: 'valkey',
    conditionType: 'ValkeyReady',
    requested: (app) => valkeySecretNames(app).length > 0,
    secretNames: (app) => [...new Set(valkeySecretNames(app))],
    instances: valkeyInstances,
    declare: declareValkey,
    readLedger: readValkeyLedger,
    derivesFrom: valkeyEntryDerivesFrom,
    cleanup: cleanupValkey,
    recordedUsers: (entry) => Promise.resolve(valkeyUsersOf(entry)),
  };
}

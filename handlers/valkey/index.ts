import type { Handler } from '../../pkg/handler/types.ts';
import { applyValkey, valkeySecretNames } from './apply.ts';
import { cleanupValkey, recordedValkeyUsers } from './cleanup.ts';

export function createValkeyHandler(): Handler {
  return {
    service: 'valkey',
    secretNames: (app) => [...new Set(valkeySecretNames(app))],
    apply: applyValkey,
    recordedUsers: recordedValkeyUsers,
    cleanup: cleanupValkey,
  };
}

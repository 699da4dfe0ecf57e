import type { Handler } from '../../pkg/handler/types.ts';
import { KeyedLock } from '../../pkg/runtime/keyed-lock.ts';
import { declareOpenSearch, openSearchInstances, openSearchSecretName } from './apply.ts';
import { cleanupOpenSearch } from './cleanup.ts';
import { openSearchEntryDerivesFrom, readOpenSearchLedger, recordedOpenSearchUser } from './ledger.ts';

export function createOpenSearchHandler(): Handler {
  // One lock per handler instance: concurrent reconciles of apps sharing a service take turns on its ACL.
  const lock = new KeyedLock();
  return {
    service: 'opensearch',
    conditionType: 'OpenSearchReady',
    requested: (app) => openSearchSecretName(app) !== undefined,
    secretNames: (app) => {
      const name = openSearchSecretName(app);
      return name ? [name] : [];
    },
    instances: openSearchInstances,
    declare: (app, facts) => declareOpenSearch(app, facts, lock),
    readLedger: readOpenSearchLedger,
    derivesFrom: openSearchEntryDerivesFrom,
    cleanup: (entry, ctx) => cleanupOpenSearch(entry, ctx, lock),
    recordedUsers: (entry) =>
      Promise.resolve([recordedOpenSearchUser(entry.annotations)].filter((u) => u !== undefined)),
  };
}

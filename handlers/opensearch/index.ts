import type { Handler } from '../../pkg/handler/types.ts';
import { KeyedLock } from '../../pkg/runtime/keyed-lock.ts';
import { applyOpenSearch, openSearchSecretName } from './apply.ts';
import { cleanupOpenSearch, recordedOpenSearchUsers } from './cleanup.ts';

export function createOpenSearchHandler(): Handler {
  // One lock per handler instance: concurrent reconciles of apps sharing a service take turns on its ACL.
  const lock = new KeyedLock();
  return {
    service: 'opensearch',
    secretNames: (app) => {
      const name = openSearchSecretName(app);
      return name ? [name] : [];
    },
    apply: (app, draftFor, ctx) => applyOpenSearch(app, draftFor, ctx, lock),
    recordedUsers: recordedOpenSearchUsers,
    cleanup: (annotations, ctx) => cleanupOpenSearch(annotations, ctx, lock),
  };
}

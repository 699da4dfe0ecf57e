// The AivenApplication reconciler. For now it observes: it reads the application from the cache and reports what
// it sees. The synchronizer (handlers, secrets, status) is built into this reconcile.
import type { AivenApplication } from '../api/aiven-application.ts';
import type { ObjectKey, ReconcileContext, ReconcileResult, Reconciler } from '../runtime/controller.ts';

/** The cached view the reconciler reads (an Informer). */
export interface AivenApplicationCache {
  get(name: string, namespace?: string): AivenApplication | undefined;
}

export class AivenApplicationReconciler implements Reconciler {
  readonly #cache: AivenApplicationCache;

  constructor(cache: AivenApplicationCache) {
    this.#cache = cache;
  }

  reconcile(key: ObjectKey, ctx: ReconcileContext): Promise<ReconcileResult> {
    const app = this.#cache.get(key.name, key.namespace);
    if (!app) {
      ctx.log.debug('application is gone');
      return Promise.resolve({});
    }
    ctx.log.debug('observed application', { generation: app.metadata.generation });
    return Promise.resolve({});
  }
}

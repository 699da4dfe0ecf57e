// The janitor: one pass per namespace (the work-queue key) deletes the managed secrets nobody needs, as plan.ts
// judges them. Triggered after an app's synchronization, when an app is deleted, and every interval (jittered, so
// namespaces spread out). A failed deletion is logged, counted and retried with backoff; it never stops the others.
import type { V1PodSpec, V1Secret } from '@kubernetes/client-node';
import type { AivenApplication } from '../api/aiven-application.ts';
import { requestedSecretNames } from '../handler/secret-names.ts';
import type { Handler } from '../handler/types.ts';
import { describeKubeError } from '../kube/errors.ts';
import type { GuardedWriteOutcome } from '../kube/secret-lifecycle.ts';
import type { ObjectKey, ReconcileContext, ReconcileResult, Reconciler } from '../runtime/controller.ts';
import { TransientError } from '../runtime/errors.ts';
import type { ObjectCache } from '../runtime/object-cache.ts';
import type { DeletionResult, JanitorMetrics } from './metrics.ts';
import { judgeNamespace, type SecretState, type SecretVerdict } from './plan.ts';
import { secretsInUse } from './usage.ts';

export interface JanitorDeps {
  /** Managed secrets only (label-selected). */
  readonly secrets: ObjectCache<V1Secret>;
  readonly apps: ObjectCache<AivenApplication>;
  readonly handlers: readonly Handler[];
  readonly podSpecs: (namespace: string, signal: AbortSignal) => Promise<(V1PodSpec | undefined)[]>;
  /** Deletes the secret if it is still the version judged. */
  readonly deleteSecret: (secret: V1Secret, signal: AbortSignal) => Promise<GuardedWriteOutcome>;
  readonly dryRun: boolean;
  readonly intervalMs: number;
  /** A number in [0, 1): how much of a tenth of the interval to add, so namespaces do not pass in lockstep. */
  readonly jitter: () => number;
  readonly metrics: JanitorMetrics;
}

/** Every secret the namespace's apps ask for now, including the deprecated spec.secretName. */
function namedByApps(apps: readonly AivenApplication[], handlers: readonly Handler[]): Set<string> {
  return new Set(
    apps.flatMap((app) => [
      ...requestedSecretNames(handlers, app),
      ...(app.spec.secretName ? [app.spec.secretName] : []),
    ]),
  );
}

function countStates(verdicts: readonly SecretVerdict[], deleted: ReadonlySet<V1Secret>): Record<SecretState, number> {
  const counts: Record<SecretState, number> = { in_use: 0, unused: 0, protected: 0, protected_with_time_limit: 0 };
  for (const verdict of verdicts) if (!deleted.has(verdict.secret)) counts[verdict.state] += 1;
  return counts;
}

export class SecretJanitor implements Reconciler {
  readonly #deps: JanitorDeps;

  constructor(deps: JanitorDeps) {
    this.#deps = deps;
  }

  async reconcile(key: ObjectKey, ctx: ReconcileContext): Promise<ReconcileResult> {
    const namespace = key.name;
    const secrets = this.#deps.secrets.list(namespace);
    if (secrets.length === 0) {
      this.#deps.metrics.passed(namespace, countStates([], new Set()));
      return {}; // nothing to look after until a managed secret appears here again
    }
    const verdicts = judgeNamespace(secrets, {
      readByWorkloads: secretsInUse(await this.#deps.podSpecs(namespace, ctx.signal)),
      namedByApps: namedByApps(this.#deps.apps.list(namespace), this.#deps.handlers),
      now: ctx.clock.now(),
    });
    for (const { secret, state, why } of verdicts.filter((v) => v.state !== 'unused'))
      ctx.log.debug('kept secret', { secretName: secret.metadata?.name, state, why });
    const deleted = new Set<V1Secret>();
    let failed = 0;
    for (const verdict of verdicts.filter((v) => v.state === 'unused')) {
      const result = await this.#remove(verdict, ctx);
      this.#deps.metrics.deletion(result);
      if (result === 'deleted') deleted.add(verdict.secret);
      if (result === 'failed') failed += 1;
    }
    this.#deps.metrics.passed(namespace, countStates(verdicts, deleted));
    if (failed > 0)
      throw new TransientError('DeletionFailed', `${String(failed)} unused secret(s) could not be deleted`);
    return { requeueAfterMs: Math.round(this.#deps.intervalMs * (1 + 0.1 * this.#deps.jitter())) };
  }

  async #remove(verdict: SecretVerdict, ctx: ReconcileContext): Promise<DeletionResult> {
    const secretName = verdict.secret.metadata?.name ?? '';
    if (this.#deps.dryRun) {
      ctx.log.info('dry run: would delete unused secret', { secretName, why: verdict.why });
      return 'dry_run';
    }
    try {
      const outcome = await this.#deps.deleteSecret(verdict.secret, ctx.signal);
      if (outcome === 'changed') {
        ctx.log.info('unused secret changed since it was judged; judging it again next pass', { secretName });
        return 'changed';
      }
      ctx.log.info('deleted unused secret', { secretName, why: verdict.why });
      return 'deleted';
    } catch (err) {
      ctx.log.warn('could not delete unused secret', { secretName, err: describeKubeError(err) });
      return 'failed';
    }
  }
}

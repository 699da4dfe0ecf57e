// Drift detection: once a period, each Aiven service the live managed secrets record users in is listed once per
// token, and an app whose user is gone (deleted by hand in Aiven's console, say) is synchronized again: its user is
// created anew and its secret rewritten. nais/aivenator's hourly resync was meant to do this, but its event filters
// dropped those events. Also feeds aivenator_service_users_count from the same listings.
import type { V1Secret } from '@kubernetes/client-node';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { AivenApplication } from '../api/aiven-application.ts';
import type { AivenAccess, GrantedAccess } from '../aiven/app-tokens.ts';
import type { UserRef } from '../aiven/refs.ts';
import type { Handler } from '../handler/types.ts';
import {
  keyOf,
  type ObjectKey,
  type ReconcileContext,
  type ReconcileResult,
  type Reconciler,
} from '../runtime/controller.ts';
import type { ObjectCache } from '../runtime/object-cache.ts';
import { secretAnnotations } from '../secret/labels.ts';
import { readableEntries, type LedgerEntry } from '../secret/ledger.ts';
import { appOfSecret, isTerminating } from '../secret/ownership.ts';
import type { RecordTrust } from '../secret/trust.ts';
import { describeError } from '../runtime/errors.ts';
import {
  conventionOf,
  groupByService,
  missingFrom,
  recordedUserId,
  unlistedMissing,
  type RecordedUser,
  type ServiceCheck,
  type UsernameConvention,
} from './drift-plan.ts';

/** Apps found with a user gone: the synchronizer synchronizes them even though their spec is up to date. */
export class DriftMarks {
  readonly #apps = new Set<string>();
  add(app: ObjectKey): void {
    this.#apps.add(keyOf(app));
  }
  has(app: ObjectKey): boolean {
    return this.#apps.has(keyOf(app));
  }
  delete(app: ObjectKey): void {
    this.#apps.delete(keyOf(app));
  }
}

export interface DriftDeps {
  readonly apps: ObjectCache<AivenApplication>;
  /** Managed secrets only (label-selected). */
  readonly secrets: ObjectCache<V1Secret>;
  readonly trust: Pick<RecordTrust, 'of'>;
  readonly handlers: readonly Handler[];
  /** The Aiven access a secret's recorded token source gives (as its cleanup would use). */
  readonly accessFor: (recorded: string | undefined, namespace: string, signal: AbortSignal) => Promise<AivenAccess>;
  readonly marks: DriftMarks;
  /** Queues the app for the synchronizer. */
  readonly resynchronize: (app: AivenApplication) => void;
  readonly event: (app: AivenApplication, note: string) => Promise<void>;
  readonly periodMs: number;
  readonly registry: Registry;
}

/** The one key the detector's queue holds. */
export const driftKey: ObjectKey = { name: 'all-services' };

export class DriftDetector implements Reconciler {
  readonly #deps: DriftDeps;
  readonly #missing: Counter<'handler'>;
  /** The last pass's users per project, by naming convention. */
  #counts = new Map<string, Record<UsernameConvention, number>>();
  /** The recorded users the last listing of their service did not hold (recordedUserId). */
  #missingBefore = new Set<string>();

  constructor(deps: DriftDeps) {
    this.#deps = deps;
    this.#missing = new Counter({
      name: 'aivenator_drift_users_missing_total',
      help: 'Aiven users a live managed secret records that their service no longer had; each was created again',
      labelNames: ['handler'],
      registers: [deps.registry],
    });
    const last = () => this.#counts;
    new Gauge({
      name: 'aivenator_service_users_count',
      help: 'total count of service users',
      labelNames: ['pool', 'username_convention'],
      registers: [deps.registry],
      collect() {
        for (const [pool, byConvention] of last())
          for (const [convention, n] of Object.entries(byConvention))
            this.set({ pool, username_convention: convention }, n);
      },
    });
  }

  async reconcile(_key: ObjectKey, ctx: ReconcileContext): Promise<ReconcileResult> {
    if (this.#deps.periodMs <= 0) return {};
    const { recorded, access } = await this.#gather(ctx);
    const counts = new Map<string, Record<UsernameConvention, number>>();
    const missingNow = new Set<string>();
    let listings = 0;
    for (const check of groupByService(recorded)) {
      const usernames = await this.#list(check, access.get(check.token), ctx);
      if (!usernames) {
        // Not listed this time: what was missing stays so, rather than counting again at the next listing.
        for (const id of unlistedMissing(check, this.#missingBefore)) missingNow.add(id);
        continue;
      }
      listings += 1;
      const tally = counts.get(check.ref.project) ?? { underscore: 0, dot: 0, other: 0 };
      for (const name of usernames) tally[conventionOf(name)] += 1;
      counts.set(check.ref.project, tally);
      for (const gone of missingFrom(check, new Set(usernames))) {
        const id = recordedUserId(gone);
        missingNow.add(id);
        await this.#resynchronize(gone, !this.#missingBefore.has(id), ctx);
      }
    }
    this.#counts = counts;
    this.#missingBefore = missingNow;
    ctx.log.info('drift check done', { users: recorded.length, listings });
    return { requeueAfterMs: this.#deps.periodMs };
  }

  /** The users one service holds, or undefined when it cannot be listed now (the next period tries again). */
  async #list(
    check: ServiceCheck,
    access: GrantedAccess | undefined,
    ctx: ReconcileContext,
  ): Promise<string[] | undefined> {
    if (!access) return undefined;
    try {
      return (await access.client.getService(check.ref, ctx.signal)).users?.map((u) => u.username) ?? [];
    } catch (err) {
      ctx.log.warn('drift check of a service failed', { ...check.ref, err: describeError(err) });
      return undefined;
    }
  }

  /** Every user the live managed secrets' trusted records name, with the access each secret's token gives. */
  async #gather(ctx: ReconcileContext): Promise<{ recorded: RecordedUser[]; access: Map<string, GrantedAccess> }> {
    const recorded: RecordedUser[] = [];
    const access = new Map<string, GrantedAccess>();
    for (const secret of this.#deps.secrets.list()) {
      const app = this.#appOf(secret);
      if (!app || isTerminating(secret)) continue;
      const found = await this.#recordedOn(secret, app, ctx);
      if (!found) continue;
      access.set(found.access.recorded, found.access);
      recorded.push(...found.users);
    }
    return { recorded, access };
  }

  /** The users one secret's trusted record names, and the access its recorded token gives (none without one). */
  async #recordedOn(
    secret: V1Secret,
    app: AivenApplication,
    ctx: ReconcileContext,
  ): Promise<{ access: GrantedAccess; users: RecordedUser[] } | undefined> {
    const annotations = this.#deps.trust.of(secret).annotations;
    const namespace = secret.metadata?.namespace ?? '';
    const access = await this.#deps.accessFor(annotations[secretAnnotations.tokenSource], namespace, ctx.signal);
    if (!access.ok) return undefined;
    const owner = { namespace, name: app.metadata.name ?? '' };
    const users: RecordedUser[] = [];
    for (const entry of readableEntries(this.#deps.handlers, annotations))
      for (const user of await this.#usersOf(entry, access, ctx))
        users.push({
          user,
          app: owner,
          secretName: secret.metadata?.name ?? '',
          handler: entry.service,
          token: access.recorded,
        });
    return { access, users };
  }

  /** The Aiven users an entry names; none when its handler has none or cannot say now. */
  async #usersOf(entry: LedgerEntry, access: GrantedAccess, ctx: ReconcileContext): Promise<readonly UserRef[]> {
    const handler = this.#deps.handlers.find((h) => h.service === entry.service);
    if (!handler?.recordedUsers) return [];
    return handler.recordedUsers(entry, { aiven: access.client, signal: ctx.signal }).catch(() => []);
  }

  /** The app in the secret's own namespace that asks for it now: only it is synchronized again. */
  #appOf(secret: V1Secret): AivenApplication | undefined {
    const namespace = secret.metadata?.namespace ?? '';
    const owner = appOfSecret(secret);
    const app = owner ? this.#deps.apps.get(owner.name, namespace) : undefined;
    const name = secret.metadata?.name ?? '';
    return app && this.#deps.handlers.some((h) => h.secretNames(app).includes(name)) ? app : undefined;
  }

  /**
   * Queues the app of a user gone from Aiven. Counted, logged and told only when the last listing still held the
   * user: a listing made while the synchronization that creates it again is under way finds it missing once more.
   */
  async #resynchronize(gone: RecordedUser, newlyMissing: boolean, ctx: ReconcileContext): Promise<void> {
    const app = this.#deps.apps.get(gone.app.name, gone.app.namespace);
    if (!app) return;
    const key = { namespace: gone.app.namespace, name: gone.app.name };
    this.#deps.marks.add(key);
    this.#deps.resynchronize(app);
    if (!newlyMissing) return;
    this.#missing.inc({ handler: gone.handler });
    ctx.log.warn('an Aiven user a secret records is gone; synchronizing its app again', {
      namespace: gone.app.namespace,
      name: gone.app.name,
      handler: gone.handler,
      aivenProject: gone.user.project,
      aivenService: gone.user.service,
    });
    await this.#deps.event(
      app,
      `the ${gone.handler} user recorded on secret ${gone.secretName} is gone from Aiven; it is created again`,
    );
  }
}

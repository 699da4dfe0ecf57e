// One synchronization of one app: the secrets it writes, what they already say, and the handlers' drafts. Records
// users on their secrets before handlers create them, and writes a secret only when every handler writing it succeeded
// (so a failing service never wipes keys another attempt wrote).
import type { V1Secret } from '@kubernetes/client-node';
import type { AivenApplication } from '../api/aiven-application.ts';
import type { GrantedAccess } from '../aiven/tokens.ts';
import { SecretDraft } from '../handler/draft.ts';
import type { Handler, HandlerConfig, InstanceRegistry } from '../handler/types.ts';
import type { DesiredSecret } from '../kube/secret-store.ts';
import type { ReconcileContext } from '../runtime/controller.ts';
import { ControllerError } from '../runtime/errors.ts';
import { commonKeys, isOurAnnotation, secretAnnotations, secretFinalizer } from './labels.ts';
import { commonMetadata, recordedAnnotations } from './metadata.ts';
import { ownershipOf, type Ownership } from './ownership.ts';
import type { ServiceOutcome } from './status.ts';

export interface SecretPort {
  get(namespace: string, name: string, signal: AbortSignal): Promise<V1Secret | undefined>;
  apply(secret: DesiredSecret, signal: AbortSignal): Promise<void>;
}

export interface RunDeps {
  readonly secrets: SecretPort;
  readonly instances: InstanceRegistry;
  readonly config: HandlerConfig;
}

const ourAnnotations = (secret: V1Secret | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(secret?.metadata?.annotations ?? {}).filter(([key]) => isOurAnnotation(key)));

const outcomeOf = (handler: Handler, err: unknown): ServiceOutcome =>
  err instanceof ControllerError
    ? {
        service: handler.service,
        ok: false,
        reason: err.reason,
        message: err.message,
        permanent: err.retry === 'never',
      }
    : {
        service: handler.service,
        ok: false,
        reason: 'Unexpected',
        message: `unexpected ${err instanceof Error ? err.name : 'error'}; see the controller log`,
      };

export class SyncRun {
  readonly #app: AivenApplication;
  readonly #deps: RunDeps;
  readonly #ctx: ReconcileContext;
  readonly #aiven: GrantedAccess;
  readonly #existing = new Map<string, V1Secret | undefined>();
  readonly #annotations = new Map<string, Record<string, string>>();
  readonly #drafts = new Map<string, SecretDraft>();
  readonly #owners = new Map<string, Ownership>();

  constructor(app: AivenApplication, deps: RunDeps, ctx: ReconcileContext, aiven: GrantedAccess) {
    this.#app = app;
    this.#deps = deps;
    this.#ctx = ctx;
    this.#aiven = aiven;
  }

  /** Reads each target from the API server (an unmanaged secret is not in our cache) and decides who owns it. */
  async load(targets: readonly string[]): Promise<void> {
    const namespace = this.#app.metadata.namespace ?? '';
    for (const name of targets) {
      const secret = await this.#deps.secrets.get(namespace, name, this.#ctx.signal);
      this.#existing.set(name, secret);
      this.#annotations.set(name, ourAnnotations(secret));
      this.#owners.set(name, ownershipOf(secret?.metadata, this.#app));
    }
  }

  async apply(handler: Handler): Promise<ServiceOutcome> {
    const taken = handler
      .secretNames(this.#app)
      .map((name) => [name, this.#owners.get(name)] as const)
      .find(([, o]) => o?.kind === 'taken');
    if (taken) {
      const [name, ownership] = taken;
      const by = ownership?.kind === 'taken' ? ownership.by : '';
      return {
        service: handler.service,
        ok: false,
        reason: 'SecretConflict',
        message: `secret ${name} belongs to ${by}; choose another secretName`,
        permanent: true,
      };
    }
    const ctx = {
      ...this.#ctx,
      aiven: this.#aiven.client,
      config: this.#deps.config,
      instances: this.#deps.instances,
      record: (draft: SecretDraft) => this.#record(draft),
    };
    try {
      await handler.apply(this.#app, (name) => this.#draft(name), ctx);
      const secrets = handler.secretNames(this.#app).join(', ');
      return {
        service: handler.service,
        ok: true,
        reason: 'Synchronized',
        message: `credentials are in secret ${secrets}`,
      };
    } catch (err) {
      this.#ctx.log.warn('handler failed', {
        handler: handler.service,
        err: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      });
      return outcomeOf(handler, err);
    }
  }

  /** Writes every secret whose writers all succeeded, with the common keys; returns the names written. */
  async write(handlers: readonly Handler[], outcomes: readonly ServiceOutcome[]): Promise<string[]> {
    const failed = new Set(outcomes.filter((o) => !o.ok).map((o) => o.service));
    const writable = [...this.#drafts.keys()].filter((name) =>
      handlers.every((h) => !h.secretNames(this.#app).includes(name) || !failed.has(h.service)),
    );
    if (writable.length === 0) return [];
    const ca = await this.#aiven.client.getProjectCa(this.#deps.config.mainProject, this.#ctx.signal);
    for (const name of writable) {
      const draft = this.#draft(name);
      draft.setString('aivenator', commonKeys.ca, ca);
      draft.setString('aivenator', commonKeys.updated, new Date(this.#ctx.clock.now()).toISOString());
      await this.#deps.secrets.apply(this.#desired(draft, draft.data()), this.#ctx.signal);
    }
    return writable;
  }

  #draft(name: string): SecretDraft {
    const draft = this.#drafts.get(name) ?? new SecretDraft(name);
    this.#drafts.set(name, draft);
    return draft;
  }

  /** Persists the draft's annotations, keeping the data the secret already has (a same-manager apply without it would drop it). */
  async #record(draft: SecretDraft): Promise<void> {
    const existingData = this.#existing.get(draft.name)?.data ?? {};
    await this.#deps.secrets.apply(this.#desired(draft, existingData), this.#ctx.signal);
  }

  #desired(draft: SecretDraft, data: Record<string, string>): DesiredSecret {
    const common = commonMetadata(this.#app);
    const annotations = recordedAnnotations(
      this.#annotations.get(draft.name) ?? {},
      { ...common.annotations, [secretAnnotations.tokenSource]: this.#aiven.recorded, ...draft.annotations() },
      new Date(this.#ctx.clock.now()),
    );
    this.#annotations.set(draft.name, annotations);
    return {
      namespace: this.#app.metadata.namespace ?? '',
      name: draft.name,
      labels: common.labels,
      annotations,
      finalizers: [secretFinalizer],
      data,
    };
  }
}

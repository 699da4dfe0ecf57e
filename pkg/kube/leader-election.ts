// Leader election on a coordination.k8s.io/v1 Lease, as client-go does it: a lease held by someone else counts as
// expired once its record has not changed for a lease duration *as observed here* (no clock comparison across
// machines); the holder renews every retry period and gives up after the renew deadline; a graceful stop releases
// the lease (empty holder) so a standby takes over at its next try instead of waiting for expiry.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CoordinationV1Api,
  V1MicroTime,
  type KubeConfig,
  type V1Lease,
  type V1LeaseSpec,
} from '@kubernetes/client-node';
import type { Clock } from '../runtime/clock.ts';
import type { Logger } from '../runtime/log.ts';
import { describeKubeError, kubeStatusOf } from './errors.ts';
import { withSignal } from './request-options.ts';

export interface LeaderElectionOptions {
  readonly kc: KubeConfig;
  readonly namespace: string;
  readonly name: string;
  readonly identity: string;
  readonly leaseDurationMs: number;
  readonly renewDeadlineMs: number;
  readonly retryPeriodMs: number;
  readonly log: Logger;
  readonly clock: Clock;
  readonly onLeading: (leading: boolean) => void;
}

/** What this elector writes into a Lease. */
interface LeaseRecord {
  readonly holderIdentity: string;
  readonly leaseDurationSeconds: number;
  readonly acquireTime: Date | string | undefined;
  readonly renewTime: Date;
  readonly leaseTransitions: number;
}

/**
 * Lease times are MicroTime: the API server rejects them without exactly six fractional digits. client-node's
 * V1MicroTime writes those; a Lease read back holds strings or Dates instead, so every write converts both fields.
 */
function toSpec(record: LeaseRecord): V1LeaseSpec {
  const micro = (time: Date | string) => new V1MicroTime(new Date(time).getTime());
  return {
    holderIdentity: record.holderIdentity,
    leaseDurationSeconds: record.leaseDurationSeconds,
    renewTime: micro(record.renewTime),
    leaseTransitions: record.leaseTransitions,
    ...(record.acquireTime === undefined ? {} : { acquireTime: micro(record.acquireTime) }),
  };
}

export class LeaderElector {
  readonly #o: LeaderElectionOptions;
  readonly #api: CoordinationV1Api;
  #observed = { record: '', at: 0 };
  #leading = false;

  constructor(options: LeaderElectionOptions) {
    this.#o = options;
    this.#api = options.kc.makeApiClient(CoordinationV1Api);
  }

  /** Resolves once this process holds the lease; throws if `signal` aborts first. */
  async acquire(signal: AbortSignal): Promise<void> {
    this.#o.log.info('waiting for leadership', {
      lease: `${this.#o.namespace}/${this.#o.name}`,
      identity: this.#o.identity,
    });
    while (!(await this.#tryAcquireOrRenew(signal))) await sleep(this.#o.retryPeriodMs, undefined, { signal });
    this.#setLeading(true);
    this.#o.log.info('became leader', { identity: this.#o.identity });
  }

  /** Renews until `signal` aborts (resolves 'stopped') or renewing fails past the renew deadline ('lost'). */
  async hold(signal: AbortSignal): Promise<'stopped' | 'lost'> {
    let renewedAt = this.#o.clock.now();
    for (;;) {
      await sleep(this.#o.retryPeriodMs, undefined, { signal }).catch(() => undefined);
      if (signal.aborted) return 'stopped';
      if (await this.#tryAcquireOrRenew(signal).catch(() => false)) renewedAt = this.#o.clock.now();
      else if (this.#o.clock.now() - renewedAt > this.#o.renewDeadlineMs) {
        this.#setLeading(false);
        this.#o.log.error('lost leadership: the lease could not be renewed in time');
        return 'lost';
      }
    }
  }

  /** Gives the lease up, if held, so another replica can take over at once. */
  async release(): Promise<void> {
    if (!this.#leading) return;
    this.#setLeading(false);
    try {
      const lease = await this.#api.readNamespacedLease({ name: this.#o.name, namespace: this.#o.namespace });
      if (lease.spec?.holderIdentity !== this.#o.identity) return;
      const spec = lease.spec;
      lease.spec = toSpec({
        holderIdentity: '',
        leaseDurationSeconds: 1,
        acquireTime: spec.acquireTime,
        renewTime: new Date(this.#o.clock.now()),
        leaseTransitions: spec.leaseTransitions ?? 0,
      });
      await this.#api.replaceNamespacedLease({ name: this.#o.name, namespace: this.#o.namespace, body: lease });
      this.#o.log.info('released leadership');
    } catch (err) {
      this.#o.log.warn('could not release the lease; a standby takes over when it expires', {
        err: describeKubeError(err),
      });
    }
  }

  #setLeading(leading: boolean): void {
    this.#leading = leading;
    this.#o.onLeading(leading);
  }

  async #tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const { name, namespace } = this.#o;
    const options = withSignal(signal);
    let lease: V1Lease;
    try {
      lease = await this.#api.readNamespacedLease({ name, namespace }, options);
    } catch (err) {
      if (kubeStatusOf(err)?.code !== 404) return this.#failedTry(err);
      return this.#write(() =>
        this.#api.createNamespacedLease({ namespace, body: this.#claim({ metadata: { name, namespace } }) }, options),
      );
    }
    if (this.#heldByAnother(lease.spec ?? {})) return false;
    return this.#write(() => this.#api.replaceNamespacedLease({ name, namespace, body: this.#claim(lease) }, options));
  }

  /** Held by another identity and not expired, judged by when the record last changed as seen from here. */
  #heldByAnother(spec: V1LeaseSpec): boolean {
    const now = this.#o.clock.now();
    const holder = spec.holderIdentity ?? '';
    const record = `${holder}@${String(spec.renewTime?.valueOf() ?? 0)}`;
    if (record !== this.#observed.record) this.#observed = { record, at: now };
    const expiresAt = this.#observed.at + (spec.leaseDurationSeconds ?? 0) * 1000;
    return holder !== '' && holder !== this.#o.identity && expiresAt > now;
  }

  #claim(lease: V1Lease): V1Lease {
    const now = new Date(this.#o.clock.now());
    const spec = lease.spec ?? {};
    const takingOver = spec.holderIdentity !== this.#o.identity;
    const record: LeaseRecord = {
      holderIdentity: this.#o.identity,
      leaseDurationSeconds: Math.ceil(this.#o.leaseDurationMs / 1000),
      acquireTime: takingOver ? now : spec.acquireTime,
      renewTime: now,
      leaseTransitions: (spec.leaseTransitions ?? (takingOver ? -1 : 0)) + (takingOver ? 1 : 0),
    };
    return { metadata: lease.metadata ?? {}, spec: toSpec(record) };
  }

  /** A create or replace that loses a race (409) is simply not this round's win. */
  async #write(write: () => Promise<V1Lease>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (err) {
      return kubeStatusOf(err)?.code === 409 ? false : this.#failedTry(err);
    }
  }

  #failedTry(err: unknown): false {
    this.#o.log.warn('leader election request failed', { err: describeKubeError(err) });
    return false;
  }
}

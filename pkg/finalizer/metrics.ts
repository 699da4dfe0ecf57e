// Secrets waiting on cleanup, read from the cache at scrape time: a secret stuck Terminating (token revoked, Aiven
// down) shows as a growing age, which an alert can catch; nothing is stuck silently.
import type { V1Secret } from '@kubernetes/client-node';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Clock } from '../runtime/clock.ts';
import { needsCleanup, untrustedParts, type UntrustedPart } from './reconciler.ts';

export function registerCleanupMetrics(
  registry: Registry,
  secrets: { list(): readonly V1Secret[] },
  clock: Clock,
): void {
  const waitingSince = () =>
    secrets
      .list()
      .filter(needsCleanup)
      .map((secret) => new Date(secret.metadata?.deletionTimestamp ?? clock.now()).getTime());
  new Gauge({
    name: 'aivenator_secrets_awaiting_cleanup',
    help: 'Managed secrets being deleted whose Aiven users the finalizer has not yet deleted',
    registers: [registry],
    collect() {
      this.set(waitingSince().length);
    },
  });
  new Gauge({
    name: 'aivenator_secret_cleanup_oldest_age_seconds',
    help: 'How long the longest-waiting managed secret has been waiting on cleanup (0 when none waits)',
    registers: [registry],
    collect() {
      const oldest = Math.min(...waitingSince());
      this.set(Number.isFinite(oldest) ? Math.max(0, (clock.now() - oldest) / 1000) : 0);
    },
  });
}

/** Records cleanup refused to act on, by what was not trusted; any increase is worth a look (a tenant's forgery?). */
export function createUntrustedRecordCounter(registry: Registry): (what: UntrustedPart) => void {
  const counter = new Counter({
    name: 'aivenator_untrusted_records_total',
    help:
      'Managed secrets whose record cleanup would not act on, in full or in part (token_source: a token secret in ' +
      'another namespace; signature: a signature that does not verify; unsigned: users not named after the namespace)',
    labelNames: ['what'],
    registers: [registry],
  });
  // Every series from the start at 0: an alert on increase() sees the first untrusted record, not only the second.
  for (const what of untrustedParts) counter.inc({ what }, 0);
  return (what) => {
    counter.inc({ what });
  };
}

// Leader election for the process, when the settings ask for it: the Lease, this replica's identity, and the metric
// that says whether it leads. Part of the composition root.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Settings } from '../../config/settings.ts';
import type { loadKubeConfig } from '../kube/client.ts';
import { LeaderElector } from '../kube/leader-election.ts';
import { systemClock } from '../runtime/clock.ts';
import type { Logger } from '../runtime/log.ts';
import type { RuntimeMetrics } from '../runtime/metrics.ts';

type KubeConfig = ReturnType<typeof loadKubeConfig>;

export function buildLeadership(
  settings: Settings,
  kc: KubeConfig,
  log: Logger,
  metrics: RuntimeMetrics,
): LeaderElector | undefined {
  if (!settings.leaderElect) return undefined;
  return new LeaderElector({
    kc,
    namespace: settings.leaderElectionNamespace,
    name: settings.leaderElectionId,
    identity: `${hostname()}_${randomUUID()}`,
    leaseDurationMs: settings.leaseDuration,
    renewDeadlineMs: settings.renewDeadline,
    retryPeriodMs: settings.retryPeriod,
    log,
    clock: systemClock,
    onLeading: (leading) => {
      metrics.leaderElectionMasterStatus.set({ name: settings.leaderElectionId }, leading ? 1 : 0);
    },
  });
}

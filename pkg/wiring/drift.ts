// Drift detection's wiring: the detector over the synchronizer's caches and tokens, queueing apps for the synchronizer.
import type { Registry } from 'prom-client';
import type { AivenApplication } from '../api/aiven-application.ts';
import type { AivenTokens } from '../aiven/app-tokens.ts';
import type { Settings } from '../../config/settings.ts';
import type { EventRecorder } from '../kube/events.ts';
import type { Handler } from '../handler/types.ts';
import type { ObjectCache } from '../runtime/object-cache.ts';
import type { RecordTrust } from '../secret/trust.ts';
import { DriftDetector, type DriftMarks } from '../synchronizer/drift.ts';
import { appReference } from './references.ts';
import type { V1Secret } from '@kubernetes/client-node';

export interface DriftWiring {
  readonly settings: Settings;
  readonly caches: { readonly apps: ObjectCache<AivenApplication>; readonly secrets: ObjectCache<V1Secret> };
  readonly trust: RecordTrust;
  readonly handlers: readonly Handler[];
  readonly tokens: AivenTokens;
  readonly events: EventRecorder;
  readonly drift: DriftMarks;
}

export function buildDrift(
  shared: DriftWiring,
  registry: Registry,
  resynchronize: (app: AivenApplication) => void,
): DriftDetector {
  return new DriftDetector({
    apps: shared.caches.apps,
    secrets: shared.caches.secrets,
    trust: shared.trust,
    handlers: shared.handlers,
    accessFor: (source, namespace, signal) => shared.tokens.forRecorded(source, namespace, signal),
    marks: shared.drift,
    resynchronize,
    event: (app, note) =>
      shared.events.record(appReference(app), { type: 'Warning', reason: 'UserMissing', note, action: 'DetectDrift' }),
    periodMs: shared.settings.driftPeriod,
    registry,
  });
}

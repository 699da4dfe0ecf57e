// How managed secrets' records are signed and trusted: the key ring Secret in the controller's namespace (watched
// by name, created with one key when missing, created again if deleted), the RecordTrust over it, and what a change
// of the ring queues. Part of the composition root (pkg/wiring).
import { setTimeout as sleep } from 'node:timers/promises';
import type { KubeConfig, V1Secret } from '@kubernetes/client-node';
import type { Settings } from '../../config/settings.ts';
import type { AivenApplication } from '../api/aiven-application.ts';
import type { Informer } from '../kube/informer.ts';
import type { SecretStore } from '../kube/secret-store.ts';
import { describeKubeError } from '../kube/errors.ts';
import { createNamedSecretInformer } from '../kube/token-secrets.ts';
import { objectKeyOf, type Controller } from '../runtime/controller.ts';
import type { Clock } from '../runtime/clock.ts';
import type { Logger } from '../runtime/log.ts';
import type { LedgerIndex } from '../secret/ledger-index.ts';
import type { LedgerReader } from '../secret/ledger.ts';
import { keyRingOf, newRecordKey, type RecordKey } from '../secret/signature.ts';
import { RecordTrust } from '../secret/trust.ts';

export const recordKeysOf = (settings: Settings) => ({
  namespace: settings.controllerNamespace,
  name: settings.recordKeySecret,
});

export const createRecordKeyCache = (kc: KubeConfig, log: Logger, settings: Settings): Informer<V1Secret> =>
  createNamedSecretInformer(kc, log, 'record-key-ring', recordKeysOf(settings));

/** The ring as the cache holds it, parsed once per version of the Secret; keys too short to use are logged. */
function keyRing(cache: Informer<V1Secret>, settings: Settings, log: Logger): () => readonly RecordKey[] {
  const { namespace, name } = recordKeysOf(settings);
  let parsed: { version: string; keys: readonly RecordKey[] } | undefined;
  return () => {
    const secret = cache.get(name, namespace);
    const version = secret?.metadata?.resourceVersion ?? '';
    if (parsed?.version === version) return parsed.keys;
    const ring = keyRingOf(secret?.data ?? {});
    if (ring.tooShort.length > 0)
      log.error('record keys shorter than 32 bytes are not used', { secretName: name, keys: ring.tooShort });
    parsed = { version, keys: ring.keys };
    return ring.keys;
  };
}

export function buildRecordTrust(
  settings: Settings,
  cache: Informer<V1Secret>,
  readers: readonly LedgerReader[],
  log: Logger,
): RecordTrust {
  return new RecordTrust({
    readers,
    keys: keyRing(cache, settings, log),
    scope: { mainProject: settings.mainProject, kafkaPools: settings.kafkaPools },
    acceptUnsigned: settings.acceptUnsignedRecords,
  });
}

export interface KeyRingDeps {
  readonly settings: Settings;
  readonly cache: Informer<V1Secret>;
  readonly store: SecretStore;
  readonly clock: Clock;
  readonly log: Logger;
}

/** Creates the key ring with one fresh key when it does not exist (run by the leader before its workers start). */
export async function ensureKeyRing(deps: KeyRingDeps, signal: AbortSignal): Promise<void> {
  const { namespace, name } = recordKeysOf(deps.settings);
  if (deps.cache.get(name, namespace)) return;
  const key = newRecordKey(new Date(deps.clock.now()));
  const outcome = await deps.store.createIfAbsent(
    {
      namespace,
      name,
      labels: { 'app.kubernetes.io/name': 'aivenator', 'app.kubernetes.io/component': 'record-keys' },
      data: { [key.id]: key.secret.export().toString('base64') },
    },
    signal,
  );
  // The workers sign with what the cache holds: they start once it holds the ring.
  for (let waited = 0; !deps.cache.get(name, namespace); waited += 100) {
    if (waited >= 30_000) throw new Error(`the record key ring ${namespace}/${name} did not reach the cache`);
    await sleep(100, undefined, { signal });
  }
  deps.log.info(outcome === 'created' ? 'record key ring created' : 'record key ring found', {
    namespace,
    secretName: name,
    ...(outcome === 'created' ? { keyId: key.id } : {}),
  });
}

/** The ring was deleted: made again, with a new key. */
function recreate(deps: KeyRingDeps): void {
  ensureKeyRing(deps, AbortSignal.timeout(30_000)).catch((err: unknown) => {
    deps.log.error('record key ring could not be created again', { err: describeKubeError(err) });
  });
}

/**
 * A change of the ring's keys changes which records verify: the ledger index is rebuilt from the trusted records;
 * when the signing key changes (a rotation), every app is queued, and a record signed with an older key is signed
 * again (nothing else is written); a deleted ring is created again, with a new key (records signed with the lost one
 * are trusted as unsigned ones are, until their app's next synchronization signs them).
 */
export function watchKeyRing(
  deps: KeyRingDeps & {
    readonly secrets: Informer<V1Secret>;
    readonly apps: Informer<AivenApplication>;
    readonly ledgerIndex: LedgerIndex;
    readonly synchronizer: Controller;
  },
): void {
  let ids: readonly string[] = [];
  deps.cache.onChange((secret, kind) => {
    const now = kind === 'delete' ? [] : Object.keys(secret.data ?? {}).sort();
    if (now.join() === ids.join()) return;
    const rotated = ids.length > 0 && now.length > 0 && now.at(-1) !== ids.at(-1);
    ids = now;
    for (const managed of deps.secrets.list()) deps.ledgerIndex.observe(managed, 'update');
    const queued = rotated ? deps.apps.list() : [];
    for (const app of queued) deps.synchronizer.enqueue(objectKeyOf(app));
    deps.log.info('record key ring changed', { change: kind, keys: now.length, appsQueued: queued.length });
    if (kind === 'delete') recreate(deps);
  });
}

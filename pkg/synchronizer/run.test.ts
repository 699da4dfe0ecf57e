// SyncRun.load, alone: a target already being deleted stops the run before anything is recorded or created (its
// cleanup may have looked for users already). The run's two phases are tested end to end (e2e/synchronizer-*).
import { describe, expect, test } from '@jest/globals';
import type { V1Secret } from '@kubernetes/client-node';
import { PassThrough } from 'node:stream';
import type { AivenApplication } from '../api/aiven-application.ts';
import type { GrantedAccess } from '../aiven/app-tokens.ts';
import { systemClock } from '../runtime/clock.ts';
import { TransientError } from '../runtime/errors.ts';
import { createLogger } from '../runtime/log.ts';
import { SyncRun, type RunDeps } from './run.ts';

/** A dependency the case must not touch: touching it fails the case (typed as whatever it stands for). */
const untouched = (what: string): never =>
  new Proxy(
    {},
    {
      get: (_, property) => {
        throw new Error(`${what}.${String(property)} was used`);
      },
    },
  ) as never;

const app: AivenApplication = {
  apiVersion: 'aiven.nais.io/v1',
  kind: 'AivenApplication',
  metadata: { name: 'orders', namespace: 'shop', uid: 'u1', generation: 1 },
  spec: { secretName: 'orders-aiven' },
};

const ours = (name: string, deleting: boolean): V1Secret => ({
  metadata: {
    name,
    namespace: 'shop',
    uid: `uid-${name}`,
    labels: { type: 'aivenator.aiven.nais.io' },
    annotations: { 'aivenator.aiven.nais.io/owner': 'shop/orders' },
    ...(deleting ? { deletionTimestamp: new Date() } : {}),
  },
});

function runOver(secrets: Readonly<Record<string, V1Secret>>): SyncRun {
  const deps: RunDeps & { readers: [] } = {
    secrets: { get: (_namespace, name) => Promise.resolve(secrets[name]), apply: untouched('secrets.apply') },
    instances: untouched('instances'),
    config: untouched('config'),
    trust: untouched('trust'),
    kubernetes: untouched('kubernetes'),
    metrics: untouched('metrics'),
    readers: [],
  };
  const ctx = {
    log: createLogger({ format: 'json', level: 'error', stream: new PassThrough() }),
    signal: new AbortController().signal,
    clock: systemClock,
    reconcileID: 'test',
  };
  const aiven: GrantedAccess = {
    ok: true,
    client: untouched('aiven'),
    source: untouched('source'),
    recorded: 'env',
    version: '1',
  };
  return new SyncRun(app, deps, ctx, aiven);
}

describe('SyncRun.load', () => {
  test('reads live and missing targets', async () => {
    await expect(
      runOver({ 'orders-aiven': ours('orders-aiven', false) }).load(['orders-aiven', 'orders-kafka']),
    ).resolves.toBeUndefined();
  });

  test('waits for a target being deleted, naming it', async () => {
    const loading = runOver({ 'orders-kafka': ours('orders-kafka', true) }).load(['orders-aiven', 'orders-kafka']);
    await expect(loading).rejects.toThrow(TransientError);
    await expect(loading).rejects.toMatchObject({
      reason: 'SecretBeingDeleted',
      message: 'secret shop/orders-kafka is being deleted; waiting for it',
    });
  });
});

// The controller's Kubernetes client keeps its connections: client-node 2.0.1 builds a new agent (so a new TCP and TLS
// connection) for every request unless pkg/kube/client.ts pools them. Counted through undici's diagnostics channel.
// The pool follows the TLS material: a rotated CA file is used from the next call, not after the pool ages out.
import { afterEach, describe, expect, test } from '@jest/globals';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { CoreV1Api, VersionApi } from '@kubernetes/client-node';
import { loadKubeConfig } from '../pkg/kube/client.ts';
import { writeKubeConfig } from '../testenv/kubeconfig.ts';
import { kubeconfigEnv, testKubeConfig, testScratchDir } from './support/cluster.ts';

describe('the Kubernetes client', () => {
  let connections = 0;
  const counted = (): void => {
    connections += 1;
  };
  afterEach(() => {
    unsubscribe('undici:client:connected', counted);
  });

  test('makes 30 calls over a connection or two, not 30', async () => {
    const kc = loadKubeConfig(process.env[kubeconfigEnv]);
    connections = 0;
    subscribe('undici:client:connected', counted);
    const version = kc.makeApiClient(VersionApi);
    const core = kc.makeApiClient(CoreV1Api);
    for (let i = 0; i < 15; i++) {
      await version.getCode();
      await core.listNamespace({ limit: 1 });
    }
    expect(connections).toBeGreaterThanOrEqual(1); // the channel is heard: the count means something
    expect(connections).toBeLessThanOrEqual(2);
  });

  test('reads the CA file for every call and opens a new pool when it changes', async () => {
    const admin = testKubeConfig();
    const cluster = admin.getCurrentCluster();
    if (!cluster?.caFile) throw new Error('the test kubeconfig names no CA file');
    const dir = mkdtempSync(join(testScratchDir(), 'rotated-ca-'));
    const caFile = join(dir, 'ca.crt');
    copyFileSync(cluster.caFile, caFile);
    admin.clusters = admin.clusters.map((c) => ({ ...c, caFile }));
    writeKubeConfig(admin, join(dir, 'kubeconfig'));
    const core = loadKubeConfig(join(dir, 'kubeconfig')).makeApiClient(CoreV1Api);

    await core.listNamespace({ limit: 1 });
    writeFileSync(caFile, rootCertificates[0] ?? ''); // a real CA, but not the API server's
    await expect(core.listNamespace({ limit: 1 })).rejects.toThrow(/certificate/i);
    copyFileSync(cluster.caFile, caFile);
    await expect(core.listNamespace({ limit: 1 })).resolves.toBeDefined();
  });
});

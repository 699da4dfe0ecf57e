// The controller's Kubernetes client keeps its connections: client-node 2.0.1 builds a new agent (so a new TCP and TLS
// connection) for every request unless pkg/kube/client.ts pools them. Counted through undici's diagnostics channel.
import { afterEach, describe, expect, test } from '@jest/globals';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { CoreV1Api, VersionApi } from '@kubernetes/client-node';
import { loadKubeConfig } from '../pkg/kube/client.ts';
import { kubeconfigEnv } from './support/cluster.ts';

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
});

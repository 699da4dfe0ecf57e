import { describe, expect, test } from '@jest/globals';
import { EventsV1Api } from '@kubernetes/client-node';
import { aivenApplicationApiVersion } from '../pkg/api/aiven-application.ts';
import { EventRecorder } from '../pkg/kube/events.ts';
import { createLogger } from '../pkg/runtime/log.ts';
import { createApp } from './support/aiven-applications.ts';
import { testKubeConfig } from './support/cluster.ts';
import { useTestNamespace } from './support/namespace.ts';

describe('the event recorder', () => {
  const ns = useTestNamespace('events');

  test('records an events.k8s.io/v1 event with reason, action and note about an object', async () => {
    const kc = testKubeConfig();
    const app = await createApp(ns.name, {
      apiVersion: aivenApplicationApiVersion,
      kind: 'AivenApplication',
      metadata: { name: 'app' },
      spec: { secretName: 's', kafka: { pool: 'dev-nais-dev' } },
    });
    const recorder = new EventRecorder(kc, 'test-instance', createLogger({ format: 'json', level: 'error' }));
    await recorder.record(
      { apiVersion: app.apiVersion, kind: app.kind, namespace: ns.name, name: 'app', uid: app.metadata.uid ?? '' },
      { type: 'Warning', reason: 'SyncFailed', action: 'CreateSecret', note: 'kafka: the pool is not allowed' },
    );
    const events = (await kc.makeApiClient(EventsV1Api).listNamespacedEvent({ namespace: ns.name })).items;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'Warning',
      reason: 'SyncFailed',
      action: 'CreateSecret',
      note: 'kafka: the pool is not allowed',
      reportingController: 'aivenator',
      reportingInstance: 'test-instance',
      regarding: { kind: 'AivenApplication', name: 'app', uid: app.metadata.uid },
    });
  });
});

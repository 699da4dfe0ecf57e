// The status half of the CRD: a real status subresource, metav1.Condition-shaped conditions, and the printer
// columns `kubectl get aivenapp` shows.
import { describe, expect, test } from '@jest/globals';
import { aivenApplicationApiVersion, type AivenApplication } from '../pkg/api/aiven-application.ts';
import {
  createApp,
  describeRejection,
  getAppsTable,
  replaceApp,
  replaceAppStatus,
} from './support/aiven-applications.ts';
import { deleteApp, patchAppStatus } from '../pkg/kube/app-status.ts';
import { testKubeConfig } from './support/cluster.ts';
import { useTestNamespace } from './support/namespace.ts';

const anApp = (namespace: string): AivenApplication => ({
  apiVersion: aivenApplicationApiVersion,
  kind: 'AivenApplication',
  metadata: { name: 'orders', namespace },
  spec: { secretName: 'orders-aiven', kafka: { pool: 'dev-nais-dev' } },
});

const ready = {
  type: 'Ready',
  status: 'True' as const,
  reason: 'Synchronized',
  message: 'credentials for kafka are in secret orders-aiven',
  lastTransitionTime: '2026-11-24T10:00:00Z',
  observedGeneration: 1,
};

describe('the AivenApplication status', () => {
  const ns = useTestNamespace('status');

  test('is a subresource: status writes leave spec and generation alone, spec writes bump the generation', async () => {
    const created = await createApp(ns.name, anApp(ns.name));
    const withStatus = await replaceAppStatus({
      ...created,
      spec: { ...created.spec, protected: true }, // ignored by the status endpoint
      status: { conditions: [ready], observedGeneration: 1, synchronizationHash: 'ffbbd7994f2dbd1c' },
    });
    expect(withStatus.metadata.generation).toBe(1);
    expect(withStatus.spec.protected).toBeUndefined();
    expect(withStatus.status?.conditions).toEqual([ready]);

    const changed = await replaceApp({ ...withStatus, spec: { ...withStatus.spec, protected: true } });
    expect(changed.metadata.generation).toBe(2);
    expect(changed.status?.synchronizationHash).toBe('ffbbd7994f2dbd1c');
  });

  test('of an app deleted meanwhile is no failure to write, nor is deleting it again', async () => {
    const kc = testKubeConfig();
    const gone = { namespace: ns.name, name: 'deleted-meanwhile' };
    const signal = AbortSignal.timeout(10_000);
    await expect(
      patchAppStatus(kc, gone, { synchronizationState: 'RolloutComplete' }, signal),
    ).resolves.toBeUndefined();
    await expect(deleteApp(kc, gone, signal)).resolves.toBeUndefined();
  });

  test('rejects a condition that is not a metav1.Condition', async () => {
    const created = await createApp(ns.name, anApp(ns.name));
    const bad = { ...created, status: { conditions: [{ ...ready, status: 'Yes' as 'True', reason: 'not a reason' }] } };
    const rejection = await replaceAppStatus(bad).then(
      () => undefined,
      (err: unknown) => describeRejection(err),
    );
    expect(rejection?.code).toBe(422);
    expect(rejection?.message).toContain('status.conditions[0].status: Unsupported value: "Yes"');
    expect(rejection?.message).toContain('status.conditions[0].reason: Invalid value');
  });

  test('shows secret, services, readiness and age in kubectl get', async () => {
    const created = await createApp(ns.name, anApp(ns.name));
    await replaceAppStatus({ ...created, status: { conditions: [ready], services: 'kafka' } });

    const table = await getAppsTable(ns.name);
    expect(table.columns).toEqual([
      'Name',
      'Secret',
      'Services',
      'Ready',
      'Reason',
      'Protected',
      'Expires',
      'State',
      'Synced',
      'Age',
    ]);
    expect(table.rows).toHaveLength(1);
    const row = Object.fromEntries(table.columns.map((column, i) => [column, table.rows[0]?.[i]]));
    expect(row).toMatchObject({
      Name: 'orders',
      Secret: 'orders-aiven',
      Services: 'kafka',
      Ready: 'True',
      Reason: 'Synchronized',
    });
    expect(row.Age).toMatch(/^\d+s$/);
  });
});

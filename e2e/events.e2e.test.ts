import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, test } from '@jest/globals';
import { EventsV1Api, type EventsV1Event } from '@kubernetes/client-node';
import { aivenApplicationApiVersion } from '../pkg/api/aiven-application.ts';
import { EventRecorder, type EventRecorderOptions, type EventSubject } from '../pkg/kube/events.ts';
import { createLogger } from '../pkg/runtime/log.ts';
import { waitFor } from '../testenv/wait.ts';
import { adminToken, useAivenSimulator } from './support/aiven.ts';
import { createApp } from './support/aiven-applications.ts';
import { kubeconfigEnv, testKubeConfig } from './support/cluster.ts';
import { startController, type ControllerProcess } from './support/controller.ts';
import { useTestNamespace } from './support/namespace.ts';
import { kafkaApp } from './support/synchronizer.ts';

describe('the event recorder', () => {
  const ns = useTestNamespace('events');
  const kc = testKubeConfig();
  const api = kc.makeApiClient(EventsV1Api);
  const events = async () => (await api.listNamespacedEvent({ namespace: ns.name })).items;
  const failed = (note = 'kafka: the pool is not allowed') =>
    ({ type: 'Warning', reason: 'SyncFailed', action: 'CreateSecret', note }) as const;

  // Every write is expected to succeed (a 404 on a patch is handled, not a failure): a warning fails the test.
  const warnings: string[] = [];
  const log = new PassThrough().on('data', (line: Buffer) => warnings.push(line.toString()));
  const recorders: EventRecorder[] = [];
  const recorder = (options: EventRecorderOptions = {}) => {
    const made = new EventRecorder(
      kc,
      'test-instance',
      createLogger({ format: 'json', level: 'warn', stream: log }),
      options,
    );
    recorders.push(made);
    return made;
  };
  afterEach(async () => {
    await Promise.all(recorders.splice(0).map((r) => r.stop()));
    expect(warnings.splice(0)).toEqual([]);
  });

  const app = async (name = 'app'): Promise<EventSubject> => {
    const created = await createApp(ns.name, {
      apiVersion: aivenApplicationApiVersion,
      kind: 'AivenApplication',
      metadata: { name },
      spec: { secretName: 's', kafka: { pool: 'dev-nais-dev' } },
    });
    return {
      apiVersion: created.apiVersion,
      kind: created.kind,
      namespace: ns.name,
      name,
      uid: created.metadata.uid ?? '',
    };
  };

  const nameOf = (event: EventsV1Event | undefined): string => event?.metadata?.name ?? '';

  /** The only Event of the namespace, once it says `count` (a series count; 1 when it has no series). */
  const soleEventCounting = (count: number) =>
    waitFor(
      `one event with count ${String(count)}`,
      async () => {
        const found = await events();
        return found.length === 1 && (found[0]?.series?.count ?? 1) === count ? found[0] : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    );

  test('records an events.k8s.io/v1 event with reason, action and note about an object', async () => {
    const subject = await app();
    await recorder().record(subject, failed());
    const found = await events();
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      type: 'Warning',
      reason: 'SyncFailed',
      action: 'CreateSecret',
      note: 'kafka: the pool is not allowed',
      reportingController: 'aivenator',
      reportingInstance: 'test-instance',
      regarding: { kind: 'AivenApplication', name: 'app', uid: subject.uid },
    });
    expect(found[0]?.series).toBeUndefined();
  });

  test('repeats are one object: count 2 at the second, the full count once stopped', async () => {
    const subject = await app();
    const events5 = recorder();
    for (let i = 0; i < 5; i++) await events5.record(subject, failed());
    const [event] = await events();
    expect(await events()).toHaveLength(1);
    expect(event?.series?.count).toBe(2); // the third to fifth are counted in memory, as client-go does
    await events5.stop();
    const flushed = await soleEventCounting(5);
    expect(flushed.metadata?.name).toBe(event?.metadata?.name);
    expect(flushed.series?.lastObservedTime).toBeDefined();
  });

  test('repeats recorded at the same time make one object', async () => {
    const subject = await app();
    const together = recorder();
    await Promise.all(Array.from({ length: 5 }, () => together.record(subject, failed())));
    expect(await events()).toHaveLength(1);
    await together.stop();
    await soleEventCounting(5);
  });

  test('a different note, or another object, is another object', async () => {
    const [first, second] = [await app('first'), await app('second')];
    const events3 = recorder();
    await events3.record(first, failed());
    await events3.record(first, failed('kafka: timed out'));
    await events3.record(second, failed());
    await events3.record(first, failed());
    const found = await events();
    expect(
      found.map((e) => `${e.regarding?.name ?? ''}: ${e.note ?? ''} ${String(e.series?.count ?? 1)}`).sort(),
    ).toEqual([
      'first: kafka: the pool is not allowed 2',
      'first: kafka: timed out 1',
      'second: kafka: the pool is not allowed 1',
    ]);
  });

  test('after its object is deleted, the next occurrence creates a new one', async () => {
    const subject = await app();
    const events2 = recorder();
    await events2.record(subject, failed());
    const gone = nameOf((await events())[0]);
    await api.deleteNamespacedEvent({ namespace: ns.name, name: gone });
    await events2.record(subject, failed()); // the patch answers 404
    const created = nameOf(await soleEventCounting(1));
    expect(created).not.toBe(gone);

    // A series whose object is deleted: its last write creates a new object for the occurrences not yet written.
    await events2.record(subject, failed());
    await events2.record(subject, failed());
    await api.deleteNamespacedEvent({ namespace: ns.name, name: created });
    await events2.stop();
    expect(nameOf(await soleEventCounting(1))).not.toBe(created);
  });

  test('a series not seen for the finish window is written a last time; the next occurrence is a new object', async () => {
    const subject = await app();
    const shortWindow = recorder({ windows: { finishAfterMs: 1000, sweepMs: 100 } });
    for (let i = 0; i < 3; i++) await shortWindow.record(subject, failed());
    const ended = await soleEventCounting(3); // written by the sweep, with no stop
    await shortWindow.record(subject, failed());
    const found = await events();
    expect(found).toHaveLength(2);
    expect(found.find((e) => e.metadata?.name !== ended.metadata?.name)?.series).toBeUndefined();
  });

  test('the heartbeat writes the count of a series still going', async () => {
    const subject = await app();
    const heartbeat = recorder({ windows: { heartbeatMs: 300, sweepMs: 100 } });
    for (let i = 0; i < 4; i++) await heartbeat.record(subject, failed());
    await soleEventCounting(4);
  });
});

describe("the controller's events", () => {
  const simulator = useAivenSimulator();
  const ns = useTestNamespace('events-controller');
  let controller: ControllerProcess | undefined;
  afterEach(async () => {
    await controller?.stop();
    controller = undefined;
  });

  test('an app failing on every retry has one SyncFailed event; a graceful stop writes its full count', async () => {
    simulator.sim.faults.set([{ kind: 'status', status: 503, operation: 'ServiceUserCreate' }]);
    const running = startController(ns.name, [
      `--kubeconfig=${process.env[kubeconfigEnv] ?? ''}`,
      '--leader-elect=false',
      `--aiven-url=${simulator.sim.url}`,
      `--aiven-token=${adminToken}`,
    ]);
    controller = running;
    await createApp(ns.name, kafkaApp('failing', 'failing-aiven'));
    const failures = () =>
      running
        .logLines()
        .filter((l) => l.message === 'reconcile failed; will retry' && l.controller === 'aivenapplication');
    await waitFor('three failed attempts', () => Promise.resolve(failures().length >= 3 || undefined), {
      timeoutMs: 30_000,
      intervalMs: 100,
    });
    expect(await running.stop()).toBe(0); // SIGTERM: drain, then the pending counts

    const events = (await testKubeConfig().makeApiClient(EventsV1Api).listNamespacedEvent({ namespace: ns.name }))
      .items;
    const syncFailed = events.filter((e) => e.reason === 'SyncFailed');
    expect(syncFailed).toHaveLength(1);
    expect(syncFailed[0]?.series?.count).toBe(failures().length);
  });
});

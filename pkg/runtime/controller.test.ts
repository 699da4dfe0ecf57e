import { describe, expect, test } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { Registry } from 'prom-client';
import { Controller, type ReconcileResult } from './controller.ts';
import { PermanentError, TransientError } from './errors.ts';
import { createLogger } from './log.ts';
import { ManualClock } from './manual-clock.ts';
import { createRuntimeMetrics } from './metrics.ts';

/** A few turns of the event loop, for what settles without a condition to wait on. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** Turns the event loop until `done` holds (no time passes on the test's clock), failing after 1,000 turns. */
async function until(done: () => boolean): Promise<void> {
  for (let turn = 0; !done(); turn++) {
    if (turn > 1000) throw new Error('the controller never got there');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A controller whose reconciler answers from a script, one entry per call. */
function scripted(script: (() => Promise<ReconcileResult>)[]) {
  const clock = new ManualClock();
  const calls: number[] = [];
  const registry = new Registry();
  const controller = new Controller({
    name: 'test',
    reconciler: {
      reconcile: async () => {
        calls.push(clock.now());
        const next = script.shift();
        return next ? next() : {};
      },
    },
    workers: 2,
    reconcileTimeoutMs: 1000,
    log: createLogger({ format: 'json', level: 'error', stream: new PassThrough() }), // failures are expected here
    metrics: createRuntimeMetrics(registry),
    clock,
  });
  const stop = new AbortController();
  const running = controller.run(stop.signal, new AbortController().signal);
  const finish = async () => {
    stop.abort();
    await running;
  };
  return { controller, calls, registry, clock, finish };
}

const metric = async (registry: Registry, name: string) =>
  (await registry.getSingleMetricAsString(name)).split('\n').filter((l) => !l.startsWith('#'));

describe('Controller', () => {
  test('retries a transient failure with backoff until it succeeds', async () => {
    const fail = () => Promise.reject(new TransientError('AivenUnavailable', 'try later'));
    const { controller, calls, registry, clock, finish } = scripted([fail, fail]);
    controller.enqueue({ namespace: 'ns', name: 'a' });
    await until(() => calls.length === 1);
    clock.advance(5); // the first retry: 5 ms
    await until(() => calls.length === 2);
    clock.advance(9);
    await until(() => clock.pendingTimers === 1);
    expect(calls).toHaveLength(2);
    clock.advance(1); // the second: 10 ms
    await until(() => calls.length === 3);
    await finish();
    expect(calls).toHaveLength(3);
    expect(await metric(registry, 'controller_runtime_reconcile_total')).toEqual([
      'controller_runtime_reconcile_total{controller="test",result="error"} 2',
      'controller_runtime_reconcile_total{controller="test",result="success"} 1',
    ]);
  });

  test('does not retry a permanent failure; the next change of the object brings it back', async () => {
    const { controller, calls, registry, clock, finish } = scripted([
      () => Promise.reject(new PermanentError('InvalidSpec', 'fix the spec')),
    ]);
    controller.enqueue({ name: 'a' });
    await until(() => calls.length === 1);
    await settle(); // the failure is handled: no retry is scheduled
    clock.advance(3_600_000);
    expect(clock.pendingTimers).toBe(0);
    expect(calls).toHaveLength(1);
    controller.enqueue({ name: 'a' });
    await until(() => calls.length === 2);
    await finish();
    expect(calls).toHaveLength(2);
    expect(await metric(registry, 'controller_runtime_terminal_reconcile_errors_total')).toEqual([
      'controller_runtime_terminal_reconcile_errors_total{controller="test"} 1',
    ]);
  });

  test('reconciles again after requeueAfterMs', async () => {
    const { controller, calls, clock, finish } = scripted([() => Promise.resolve({ requeueAfterMs: 80 })]);
    controller.enqueue({ name: 'a' });
    await until(() => calls.length === 1 && clock.pendingTimers === 1);
    clock.advance(79);
    expect(calls).toHaveLength(1);
    clock.advance(1);
    await until(() => calls.length === 2);
    await finish();
    expect(calls).toHaveLength(2);
    expect((calls[1] ?? 0) - (calls[0] ?? 0)).toBe(80);
  });

  test('on stop takes no new keys but lets an in-flight reconcile finish', async () => {
    let finished = false;
    const { promise: inFlight, resolve: release } = Promise.withResolvers<undefined>();
    const { controller, calls, finish } = scripted([
      async () => {
        await inFlight;
        finished = true;
        return {};
      },
    ]);
    controller.enqueue({ name: 'a' });
    await until(() => calls.length === 1);
    const stopping = finish();
    controller.enqueue({ name: 'b' });
    release(undefined);
    await stopping;
    expect(finished).toBe(true);
    expect(calls).toHaveLength(1);
  });
});

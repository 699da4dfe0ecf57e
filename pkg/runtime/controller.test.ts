import { describe, expect, test } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { systemClock } from './clock.ts';
import { Controller, type ReconcileResult } from './controller.ts';
import { PermanentError, TransientError } from './errors.ts';
import { createLogger } from './log.ts';
import { createRuntimeMetrics } from './metrics.ts';

/** A controller whose reconciler answers from a script, one entry per call. */
function scripted(script: (() => Promise<ReconcileResult>)[]) {
  const calls: number[] = [];
  const registry = new Registry();
  const controller = new Controller({
    name: 'test',
    reconciler: {
      reconcile: async () => {
        calls.push(Date.now());
        const next = script.shift();
        return next ? next() : {};
      },
    },
    workers: 2,
    reconcileTimeoutMs: 1000,
    log: createLogger({ format: 'json', level: 'error', stream: new PassThrough() }), // failures are expected here
    metrics: createRuntimeMetrics(registry),
    clock: systemClock,
  });
  const stop = new AbortController();
  const running = controller.run(stop.signal, new AbortController().signal);
  const finish = async () => {
    stop.abort();
    await running;
  };
  return { controller, calls, registry, finish };
}

const metric = async (registry: Registry, name: string) =>
  (await registry.getSingleMetricAsString(name)).split('\n').filter((l) => !l.startsWith('#'));

describe('Controller', () => {
  test('retries a transient failure with backoff until it succeeds', async () => {
    const fail = () => Promise.reject(new TransientError('AivenUnavailable', 'try later'));
    const { controller, calls, registry, finish } = scripted([fail, fail]);
    controller.enqueue({ namespace: 'ns', name: 'a' });
    await sleep(200);
    await finish();
    expect(calls).toHaveLength(3);
    expect(await metric(registry, 'controller_runtime_reconcile_total')).toEqual([
      'controller_runtime_reconcile_total{controller="test",result="error"} 2',
      'controller_runtime_reconcile_total{controller="test",result="success"} 1',
    ]);
  });

  test('does not retry a permanent failure; the next change of the object brings it back', async () => {
    const { controller, calls, registry, finish } = scripted([
      () => Promise.reject(new PermanentError('InvalidSpec', 'fix the spec')),
    ]);
    controller.enqueue({ name: 'a' });
    await sleep(100);
    expect(calls).toHaveLength(1);
    controller.enqueue({ name: 'a' });
    await sleep(50);
    await finish();
    expect(calls).toHaveLength(2);
    expect(await metric(registry, 'controller_runtime_terminal_reconcile_errors_total')).toEqual([
      'controller_runtime_terminal_reconcile_errors_total{controller="test"} 1',
    ]);
  });

  test('reconciles again after requeueAfterMs', async () => {
    const { controller, calls, finish } = scripted([() => Promise.resolve({ requeueAfterMs: 80 })]);
    controller.enqueue({ name: 'a' });
    await sleep(200);
    await finish();
    expect(calls).toHaveLength(2);
    expect((calls[1] ?? 0) - (calls[0] ?? 0)).toBeGreaterThanOrEqual(70);
  });

  test('on stop takes no new keys but lets an in-flight reconcile finish', async () => {
    let finished = false;
    const { controller, calls, finish } = scripted([
      async () => {
        await sleep(100);
        finished = true;
        return {};
      },
    ]);
    controller.enqueue({ name: 'a' });
    await sleep(10);
    const stopping = finish();
    controller.enqueue({ name: 'b' });
    await stopping;
    expect(finished).toBe(true);
    expect(calls).toHaveLength(1);
  });
});

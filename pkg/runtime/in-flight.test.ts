import { describe, expect, test } from '@jest/globals';
import { Registry } from 'prom-client';
import { InFlightWork } from './metrics.ts';

describe('work in flight', () => {
  test('reports the seconds of unfinished work and the longest, per queue, at scrape time', async () => {
    let now = 0;
    const registry = new Registry();
    const work = new InFlightWork([registry], () => now);
    const first = work.begin('aivenapplication');
    now = 2000;
    work.begin('aivenapplication');
    now = 5000;
    const text = await registry.metrics();
    expect(text).toContain('workqueue_unfinished_work_seconds{name="aivenapplication"} 8');
    expect(text).toContain('workqueue_longest_running_processor_seconds{name="aivenapplication"} 5');
    first();
    expect(await registry.metrics()).toContain(
      'workqueue_longest_running_processor_seconds{name="aivenapplication"} 3',
    );
  });

  test('reports zero once every item is done', async () => {
    const registry = new Registry();
    const work = new InFlightWork([registry]);
    work.begin('secret-finalizer')();
    expect(await registry.metrics()).toContain('workqueue_unfinished_work_seconds{name="secret-finalizer"} 0');
  });
});

import { describe, expect, test } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { systemClock } from './clock.ts';
import { defaultRateLimiterOptions, RateLimiter } from './rate-limiter.ts';
import { WorkQueue } from './work-queue.ts';

const newQueue = () => new WorkQueue(new RateLimiter(defaultRateLimiterOptions, systemClock), systemClock);

describe('WorkQueue', () => {
  test('hands out a key added twice while waiting once', async () => {
    const queue = newQueue();
    queue.add('a');
    queue.add('b');
    queue.add('a');
    expect(queue.length).toBe(2);
    expect([await queue.get(), await queue.get()]).toEqual(['a', 'b']);
  });

  test('never hands out a key that is being processed; queues it again when done', async () => {
    const queue = newQueue();
    queue.add('a');
    const first = await queue.get();
    queue.add('a');
    expect(queue.length).toBe(0);
    let second: string | undefined;
    void queue.get().then((key) => (second = key));
    await sleep(10);
    expect(second).toBeUndefined();
    queue.done(first ?? '');
    await sleep(0);
    expect(second).toBe('a');
  });

  test('wakes a waiting worker when a key arrives', async () => {
    const queue = newQueue();
    const waiting = queue.get();
    queue.add('a');
    expect(await waiting).toBe('a');
  });

  test('adds after a delay, keeping the earliest of two delays', async () => {
    const queue = newQueue();
    queue.addAfter('a', 200);
    queue.addAfter('a', 20);
    queue.addAfter('a', 500);
    const started = performance.now();
    expect(await queue.get()).toBe('a');
    expect(performance.now() - started).toBeLessThan(150);
    await sleep(250);
    expect(queue.length).toBe(0);
  });

  test('backs a key off more each time it is rate-limited, until forgotten', async () => {
    const limiter = new RateLimiter({ ...defaultRateLimiterOptions, baseDelayMs: 40 }, systemClock);
    const queue = new WorkQueue(limiter, systemClock);
    queue.addRateLimited('a');
    queue.done((await queue.get()) ?? '');
    queue.addRateLimited('a');
    const started = performance.now();
    await queue.get();
    expect(performance.now() - started).toBeGreaterThanOrEqual(70); // second failure: 80 ms
    queue.forget('a');
    expect(limiter.retries('a')).toBe(0);
  });

  test('releases waiting workers with undefined on shut-down and takes no more keys', async () => {
    const queue = newQueue();
    const waiting = queue.get();
    queue.shutDown();
    expect(await waiting).toBeUndefined();
    queue.add('a');
    expect(await queue.get()).toBeUndefined();
  });
});

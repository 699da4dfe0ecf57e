import { describe, expect, test } from '@jest/globals';
import { ManualClock } from './manual-clock.ts';
import { defaultRateLimiterOptions, RateLimiter } from './rate-limiter.ts';
import { WorkQueue } from './work-queue.ts';

const newQueue = (clock = new ManualClock()) => new WorkQueue(new RateLimiter(defaultRateLimiterOptions, clock), clock);
/** Lets every promise that can settle now do so (a turn of the event loop; no time passes). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

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
    await settle();
    expect(second).toBeUndefined();
    queue.done(first ?? '');
    await settle();
    expect(second).toBe('a');
  });

  test('wakes a waiting worker when a key arrives', async () => {
    const queue = newQueue();
    const waiting = queue.get();
    queue.add('a');
    expect(await waiting).toBe('a');
  });

  test('adds after a delay, keeping the earliest of two delays', async () => {
    const clock = new ManualClock();
    const queue = newQueue(clock);
    queue.addAfter('a', 200);
    queue.addAfter('a', 20);
    queue.addAfter('a', 500);
    clock.advance(19);
    expect(queue.length).toBe(0);
    clock.advance(1);
    expect(await queue.get()).toBe('a');
    queue.done('a');
    clock.advance(1000);
    expect(queue.length).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  test('backs a key off more each time it is rate-limited, until forgotten', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ ...defaultRateLimiterOptions, baseDelayMs: 40 }, clock);
    const queue = new WorkQueue(limiter, clock);
    queue.addRateLimited('a');
    clock.advance(40);
    queue.done((await queue.get()) ?? '');
    queue.addRateLimited('a');
    clock.advance(79); // second failure: 80 ms
    expect(queue.length).toBe(0);
    clock.advance(1);
    expect(await queue.get()).toBe('a');
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

import { describe, expect, test } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { KeyedLock } from './keyed-lock.ts';

describe('KeyedLock', () => {
  test('runs tasks of one key one after another, in order, even when one fails', async () => {
    const lock = new KeyedLock();
    const events: string[] = [];
    const task =
      (name: string, ms: number, fail = false) =>
      async () => {
        events.push(`start ${name}`);
        await sleep(ms);
        events.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      lock.run('k', task('a', 30, true)),
      lock.run('k', task('b', 10)),
      lock.run('k', task('c', 1)),
    ]);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
  });

  test('runs tasks of different keys side by side', async () => {
    const lock = new KeyedLock();
    const events: string[] = [];
    const task = (name: string) => async () => {
      events.push(`start ${name}`);
      await sleep(20);
      events.push(`end ${name}`);
    };
    await Promise.all([lock.run('a', task('a')), lock.run('b', task('b'))]);
    expect(events.slice(0, 2).sort()).toEqual(['start a', 'start b']);
  });
});

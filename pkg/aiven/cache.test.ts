import { describe, expect, test } from '@jest/globals';
import { ManualClock } from '../runtime/manual-clock.ts';
import { TtlCache } from './cache.ts';

function setup() {
  const clock = new ManualClock();
  const cache = new TtlCache<string>(1000, clock);
  let loads = 0;
  const load = (value: string) => () => {
    loads++;
    return Promise.resolve(value);
  };
  return { clock, cache, load, loads: () => loads };
}

describe('TtlCache', () => {
  test('loads once for many callers within the TTL, concurrent ones included', async () => {
    const { cache, load, loads } = setup();
    const values = await Promise.all([
      cache.get('p', load('ca')),
      cache.get('p', load('ca')),
      cache.get('p', load('ca')),
    ]);
    expect(values).toEqual(['ca', 'ca', 'ca']);
    expect(loads()).toBe(1);
  });

  test('loads again once the TTL has passed', async () => {
    const { clock, cache, load, loads } = setup();
    await cache.get('p', load('old'));
    clock.advance(999);
    expect(await cache.get('p', load('new'))).toBe('old');
    clock.advance(1);
    expect(await cache.get('p', load('new'))).toBe('new');
    expect(loads()).toBe(2);
  });

  test('keeps keys apart', async () => {
    const { cache, load } = setup();
    expect(await cache.get('a', load('ca-a'))).toBe('ca-a');
    expect(await cache.get('b', load('ca-b'))).toBe('ca-b');
  });

  test('forgets a failed load', async () => {
    const { cache, load } = setup();
    await expect(cache.get('p', () => Promise.reject(new Error('503')))).rejects.toThrow('503');
    expect(await cache.get('p', load('ca'))).toBe('ca');
  });
});

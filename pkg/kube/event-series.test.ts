import { describe, expect, test } from '@jest/globals';
import { ManualClock } from '../runtime/manual-clock.ts';
import {
  clientGoWindows,
  eventKey,
  EventSeries,
  restart,
  writeFor,
  type EventIdentity,
  type Series,
  type SeriesWindows,
} from './event-series.ts';

const minute = 60_000;

type Step = { readonly occur: string } | { readonly advance: number };

const occur = (key: string): Step => ({ occur: key });
const advance = (ms: number): Step => ({ advance: ms });
const times = (n: number, ...steps: Step[]): Step[] => Array.from({ length: n }, () => steps).flat();

/**
 * Runs the steps against a series cache whose writes all succeed, and lists the writes: what an occurrence called
 * for (`create`, `patch`) or what the timer found due (`due patch`), with the object's name and the count written.
 */
function writesOf(steps: readonly Step[], windows: SeriesWindows = clientGoWindows) {
  const clock = new ManualClock();
  const writes: string[] = [];
  const write = (s: Series<string>, what: string) => {
    writes.push(`${what} ${s.name} ${String(s.count)}`);
    s.written = s.count;
  };
  const cache = new EventSeries<string>(clock, windows, (s) => {
    write(s, `due ${writeFor(s)}`);
  });
  let objects = 0;
  for (const step of steps) {
    if ('advance' in step) clock.advance(step.advance);
    else {
      const { series, write: decided } = cache.observe(
        step.occur,
        step.occur,
        () => `${step.occur}.${String(++objects)}`,
      );
      if (decided !== 'none') write(series, decided);
    }
  }
  return { writes, cached: cache.size, timers: clock.pendingTimers };
}

describe('event series (client-go aggregation)', () => {
  const sweepsRarely: SeriesWindows = { ...clientGoWindows, sweepMs: 10 * minute };
  test.each([
    { name: 'the first occurrence creates an object', steps: [occur('a')], writes: ['create a.1 1'] },
    {
      name: 'the second patches it with count 2',
      steps: times(2, occur('a')),
      writes: ['create a.1 1', 'patch a.1 2'],
    },
    {
      name: 'the third and later only count',
      steps: times(5, occur('a')),
      writes: ['create a.1 1', 'patch a.1 2'],
    },
    {
      name: 'another key is another object',
      steps: [occur('a'), occur('b'), occur('a'), occur('b')],
      writes: ['create a.1 1', 'create b.2 1', 'patch a.1 2', 'patch b.2 2'],
    },
    {
      name: 'the heartbeat writes the pending count of a series still going',
      steps: [...times(3, occur('a')), ...times(5, advance(5 * minute), occur('a')), advance(5 * minute)],
      writes: ['create a.1 1', 'patch a.1 2', 'due patch a.1 8'],
    },
    {
      name: 'a series idle for 6 min ends with a last patch of its count, and leaves the cache',
      steps: [...times(3, occur('a')), advance(6 * minute)],
      writes: ['create a.1 1', 'patch a.1 2', 'due patch a.1 3'],
    },
    {
      name: 'an occurrence after the end starts a new object',
      steps: [...times(3, occur('a')), advance(7 * minute), occur('a'), occur('a')],
      writes: ['create a.1 1', 'patch a.1 2', 'due patch a.1 3', 'create a.2 1', 'patch a.2 2'],
    },
    {
      name: 'an occurrence 6 min after the last ends the series itself, before any sweep',
      windows: sweepsRarely,
      steps: [...times(3, occur('a')), advance(6 * minute), occur('a')],
      writes: ['create a.1 1', 'patch a.1 2', 'due patch a.1 3', 'create a.2 1'],
    },
    {
      name: 'occurrences less than 6 min apart keep one series',
      steps: times(4, occur('a'), advance(5 * minute)),
      writes: ['create a.1 1', 'patch a.1 2'],
    },
    {
      name: 'a series with nothing pending ends without a write',
      steps: [occur('a'), occur('b'), occur('b'), advance(7 * minute)],
      writes: ['create a.1 1', 'create b.2 1', 'patch b.2 2'],
    },
  ])('$name', ({ steps, writes, windows }) => {
    const run = writesOf(steps, windows);
    expect(run.writes).toEqual(writes);
  });

  test('the cache holds only the last 6 min and keeps no timer once empty', () => {
    const run = writesOf([occur('a'), occur('b'), advance(5 * minute), occur('a')]);
    expect([run.cached, run.timers]).toEqual([2, 1]);
    const later = writesOf([occur('a'), occur('b'), advance(5 * minute), occur('a'), advance(7 * minute)]);
    expect([later.cached, later.timers]).toEqual([0, 0]);
  });

  test('drain ends every series at once and cancels the timer', () => {
    const clock = new ManualClock();
    const cache = new EventSeries<string>(clock, clientGoWindows, () => {
      throw new Error('nothing is due');
    });
    cache.observe('a', 'a', () => 'a.1');
    const { series } = cache.observe('a', 'a', () => 'unused');
    expect(cache.drain()).toEqual([series]);
    expect([cache.size, clock.pendingTimers]).toEqual([0, 0]);
  });
});

describe('what a write does when its turn comes', () => {
  const series = (count: number, written: number): Series<string> => ({
    key: 'k',
    event: 'e',
    name: 'old',
    firstObserved: 0,
    lastObserved: 5,
    count,
    written,
  });
  test.each([
    {
      name: 'not created yet (or its create failed): create with every occurrence',
      count: 2,
      written: 0,
      write: 'create',
    },
    { name: 'occurrences not written: patch', count: 5, written: 2, write: 'patch' },
    { name: 'an earlier write carried the count: nothing', count: 2, written: 2, write: 'none' },
  ])('$name', ({ count, written, write }) => {
    expect(writeFor(series(count, written))).toBe(write);
  });

  test('an object found gone is created again for the occurrences it did not hold', () => {
    const s = series(5, 2);
    restart(s, 'new', 100);
    expect(s).toMatchObject({ name: 'new', count: 3, written: 0, firstObserved: 100 });
    expect(writeFor(s)).toBe('create');
  });
});

describe('the key of an event', () => {
  const base: EventIdentity = {
    regarding: { apiVersion: 'aiven.nais.io/v1', kind: 'AivenApplication', namespace: 'ns', name: 'app', uid: 'u1' },
    type: 'Warning',
    reason: 'SyncFailed',
    action: 'Synchronize',
    note: 'kafka: the pool is not allowed',
    reportingController: 'aivenator',
  };
  const regarding = (change: Partial<EventIdentity['regarding']>): EventIdentity => ({
    ...base,
    regarding: { ...base.regarding, ...change },
  });
  test.each([
    { name: 'note', other: { ...base, note: 'kafka: timeout' } },
    { name: 'reason', other: { ...base, reason: 'Synchronized' } },
    { name: 'type', other: { ...base, type: 'Normal' } },
    { name: 'action', other: { ...base, action: 'Finalize' } },
    { name: 'reporting controller', other: { ...base, reportingController: 'other' } },
    { name: 'object name', other: regarding({ name: 'app2' }) },
    { name: 'namespace', other: regarding({ namespace: 'ns2' }) },
    { name: 'uid (a new object of the same name)', other: regarding({ uid: 'u2' }) },
    { name: 'kind', other: regarding({ kind: 'Secret' }) },
    { name: 'apiVersion', other: regarding({ apiVersion: 'aiven.nais.io/v2' }) },
    { name: 'fields that run together', other: regarding({ namespace: 'ns","app', name: '' }) },
  ])('a different $name is a different event', ({ other }) => {
    expect(eventKey(other)).not.toBe(eventKey(base));
  });

  test('the same identity is the same event', () => {
    expect(eventKey({ ...base, regarding: { ...base.regarding } })).toBe(eventKey(base));
  });
});

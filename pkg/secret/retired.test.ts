import { describe, expect, test } from '@jest/globals';
import { planRetired } from './retired.ts';

const user = (name: string, retiredAt: string) => ({
  annotations: { 'kafka.aiven.nais.io/serviceUser': name },
  retiredAt,
});
const now = Date.parse('2026-11-24T12:00:00Z');
const hour = 3_600_000;

describe('planRetired', () => {
  test('nothing retired, nothing to do', () => {
    expect(planRetired(undefined, now, hour)).toEqual({ due: [], pending: [] });
  });

  test('splits users whose grace has passed from those still in it, and says when the next is due', () => {
    const old = user('old', '2026-11-24T10:30:00Z');
    const recent = user('recent', '2026-11-24T11:45:00Z');
    expect(planRetired(JSON.stringify([old, recent]), now, hour)).toEqual({
      due: [old],
      pending: [recent],
      nextInMs: 45 * 60_000,
    });
  });

  test('ignores an annotation that is not a list', () => {
    expect(planRetired('not json', now, hour)).toEqual({ due: [], pending: [] });
  });
});

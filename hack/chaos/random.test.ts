import { describe, expect, test } from '@jest/globals';
import { Random } from './random.ts';

const draws = (random: Random, n: number) => Array.from({ length: n }, () => random.next());

describe('Random', () => {
  test('one seed, one sequence; another seed, another', () => {
    expect(draws(new Random(42), 5)).toEqual(draws(new Random(42), 5));
    expect(draws(new Random(42), 5)).not.toEqual(draws(new Random(43), 5));
  });

  test('floats in [0, 1), spread over it', () => {
    const values = draws(new Random(7), 10_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });

  test('int covers both ends; pick, chance and shuffle stay in bounds', () => {
    const random = new Random(1);
    const ints = new Set(Array.from({ length: 1000 }, () => random.int(2, 5)));
    expect([...ints].sort()).toEqual([2, 3, 4, 5]);
    expect(['a', 'b']).toContain(random.pick(['a', 'b']));
    expect(random.chance(0)).toBe(false);
    expect(random.chance(1)).toBe(true);
    expect(random.shuffle([1, 2, 3, 4]).sort()).toEqual([1, 2, 3, 4]);
    expect(() => random.pick([])).toThrow('empty');
  });

  test('forks are reproducible and independent of each other', () => {
    const a = new Random(9);
    const b = new Random(9);
    expect(draws(a.fork('kills'), 3)).toEqual(draws(b.fork('kills'), 3));
    expect(draws(new Random(9).fork('kills'), 3)).not.toEqual(draws(new Random(9).fork('faults'), 3));
  });
});

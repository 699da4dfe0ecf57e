import { describe, expect, test } from '@jest/globals';
import { changeSpec, newSpec, serviceNames } from './app-specs.ts';
import { Random } from './random.ts';
import { split } from './scenarios/faults.ts';

const specs = (seed: number, n: number) => {
  const random = new Random(seed);
  return Array.from({ length: n }, (_, i) => newSpec(random, `app-${String(i)}`, 'ns'));
};

describe('newSpec', () => {
  test('every spec asks for a service, has a secret to write to, and names each Valkey once', () => {
    for (const spec of specs(1, 500)) {
      expect(serviceNames.some((service) => spec[service] !== undefined)).toBe(true);
      expect(spec.secretName).toMatch(/^app-\d+-aiven-1$/);
      const valkeys = (spec.valkey ?? []).map((v) => v.instance);
      expect(new Set(valkeys).size).toBe(valkeys.length);
      if (spec.postgres) expect(spec.postgres).toEqual({ instance: 'pg-ns' });
    }
  });

  test('each service turns up, and one seed gives one plan', () => {
    const all = specs(2, 300);
    for (const service of serviceNames) expect(all.some((spec) => spec[service] !== undefined)).toBe(true);
    expect(specs(3, 20)).toEqual(specs(3, 20));
  });
});

describe('changeSpec', () => {
  test('always a new spec (a new generation), still asking for a service', () => {
    const random = new Random(4);
    for (const [i, spec] of specs(5, 300).entries()) {
      const { change, spec: changed } = changeSpec(random, { name: `app-${String(i)}`, namespace: 'ns', spec });
      expect(changed).not.toEqual(spec);
      expect(serviceNames.some((service) => changed[service] !== undefined)).toBe(true);
      if (change === 'rename') expect(changed.secretName).toBe(`app-${String(i)}-aiven-2`);
    }
  });
});

describe('split', () => {
  test.each([
    { total: 500, parts: 5, sizes: [100, 100, 100, 100, 100] },
    { total: 20, parts: 3, sizes: [6, 7, 7] },
    { total: 2, parts: 5, sizes: [0, 0, 1, 0, 1] },
  ])('$total in $parts', ({ total, parts, sizes }) => {
    expect(split(total, parts)).toEqual(sizes);
  });
});

import { describe, expect, test } from 'vitest';
import { createRng, hashSeed } from './rng.ts';

const draw = (seed: number | string, n: number) => {
  const r = createRng(seed);
  return Array.from({ length: n }, () => r.next());
};

describe('createRng', () => {
  test('the same seed gives the same numbers; another seed, others', () => {
    expect(draw(42, 20)).toEqual(draw(42, 20));
    expect(draw('demo', 20)).toEqual(draw('demo', 20));
    expect(draw(42, 20)).not.toEqual(draw(43, 20));
  });

  test('numbers are in [0, 1) and spread evenly', () => {
    const xs = draw(7, 100_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const buckets = new Array(10).fill(0);
    for (const x of xs) buckets[Math.floor(x * 10)]++;
    for (const b of buckets) expect(b / xs.length).toBeCloseTo(0.1, 2);
  });

  test('chance(p) is true about p of the time', () => {
    const r = createRng(1);
    for (const p of [0, 0.1, 0.55, 1]) {
      let n = 0;
      for (let i = 0; i < 20_000; i++) if (r.chance(p)) n++;
      expect(n / 20_000).toBeCloseTo(p, 1.5);
    }
  });

  test('int covers both bounds and nothing outside', () => {
    const r = createRng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(r.int(3, 5));
    expect([...seen].sort()).toEqual([3, 4, 5]);
  });

  test('weighted picks keys in proportion to their weights; pick is uniform', () => {
    const r = createRng(9);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 30_000; i++) counts[r.weighted({ a: 0.5, b: 0.3, c: 0.2 })]!++;
    expect(counts.a! / 30_000).toBeCloseTo(0.5, 1.5);
    expect(counts.b! / 30_000).toBeCloseTo(0.3, 1.5);
    expect(counts.c! / 30_000).toBeCloseTo(0.2, 1.5);
    expect(r.weighted({ only: 1, never: 0 })).toBe('only');
    expect(() => r.weighted({})).toThrow();
    expect(() => r.pick([])).toThrow();
  });
});

test('hashSeed derives distinct, stable seeds from labels', () => {
  expect(hashSeed(1, 'session', 0)).toBe(hashSeed(1, 'session', 0));
  expect(hashSeed(1, 'session', 0)).not.toBe(hashSeed(1, 'session', 1));
  expect(hashSeed(1, 'session', 12)).not.toBe(hashSeed(11, 'session', 2));
});

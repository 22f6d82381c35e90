import { describe, expect, it } from 'vitest';
import { median, newcombe, top, wilson } from './stats.ts';

describe('intervals', () => {
  it('Wilson: the published example 81/263 and the edges', () => {
    // Newcombe (1998), table I: 81/263 → 0.2553 to 0.3662.
    const [l, u] = wilson(81, 263);
    expect(l).toBeCloseTo(0.2553, 4);
    expect(u).toBeCloseTo(0.3662, 4);
    expect(wilson(0, 10)[0]).toBe(0);
    expect(wilson(0, 10)[1]).toBeCloseTo(0.2775, 4);
    expect(wilson(0, 0)).toEqual([0, 1]);
  });
  it("Newcombe's method 10: the published examples", () => {
    // Newcombe (1998), table II: 56/70 − 48/80 → 0.0524 to 0.3339; 9/10 − 3/10 → 0.1705 to 0.8090.
    const [a, b] = newcombe(56, 70, 48, 80);
    expect(a).toBeCloseTo(0.0524, 4);
    expect(b).toBeCloseTo(0.3339, 4);
    const [c, d] = newcombe(9, 10, 3, 10);
    expect(c).toBeCloseTo(0.1705, 4);
    expect(d).toBeCloseTo(0.809, 3);
  });
  it('median and top', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(top(['b', 'a', 'b', 'c', 'a', 'b'], 2)).toEqual([{ value: 'b', n: 3 }, { value: 'a', n: 2 }]);
  });
});

import { describe, expect, it } from 'vitest';
import { density, HEAT_DEFAULTS } from './density.ts';

const alphaAt = (d: ReturnType<typeof density>, x: number, y: number) => d.pixels[((Math.floor(y / HEAT_DEFAULTS.cell) * d.w + Math.floor(x / HEAT_DEFAULTS.cell)) * 4) + 3]!;

describe('density', () => {
  it('paints around each point and nowhere far from one', () => {
    const d = density(new Float32Array([100, 100, 1, 400, 300, 1]), 2, 800, 600);
    expect([d.w, d.h]).toEqual([200, 150]);
    expect(alphaAt(d, 100, 100)).toBeGreaterThan(0);
    expect(alphaAt(d, 110, 95)).toBeGreaterThan(0);
    expect(alphaAt(d, 400, 300)).toBeGreaterThan(0);
    expect(alphaAt(d, 250, 200)).toBe(0);
    expect(alphaAt(d, 790, 10)).toBe(0);
  });

  it('is hottest where the weight is: a point of weight 9 outshines one of weight 1', () => {
    const d = density(new Float32Array([100, 100, 9, 400, 100, 1]), 2, 800, 200);
    expect(alphaAt(d, 100, 100)).toBeGreaterThan(0);
    expect(alphaAt(d, 400, 100)).toBeGreaterThan(0);
    // Red at the hottest point, colder (less red, more green/blue) at the weaker one.
    const at = (x: number) => [...d.pixels.slice(((25 * d.w + Math.floor(x / 4)) * 4), ((25 * d.w + Math.floor(x / 4)) * 4) + 3)];
    expect(at(100)[0]).toBe(255);
    expect(at(400)[0]!).toBeLessThan(255);
  });

  it('ignores points outside the area and paints nothing without points', () => {
    const d = density(new Float32Array([-50, 10, 5, 900, 10, 5]), 2, 800, 600);
    expect(d.pixels.every((v) => v === 0)).toBe(true);
    expect(density(new Float32Array(0), 0, 10, 10).pixels.every((v) => v === 0)).toBe(true);
  });
});

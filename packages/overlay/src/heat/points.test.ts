import { describe, expect, it } from 'vitest';
import { placePoints } from './points.ts';
import type { Resolver } from '../resolve.ts';
import type { Heatmap } from '@touchmap/client';

const box = (left: number, top: number, width: number, height: number) => ({ getBoundingClientRect: () => ({ left, top, width, height }) }) as unknown as Element;

describe('placePoints', () => {
  const map: Heatmap = {
    rows: [
      { sel: '#pay', n: 3, bins: [[0, 0, 1], [9, 9, 2]] },
      { sel: '#gone', n: 4, bins: [[5, 5, 4]] },
    ],
    grid: { cell: 32, sels: ['#pay', '#gone'], page: [[10, 20, 3, 0], [1, 2, 4, 1], [3, 3, 1, -1]], fixed: [[0, 1, 2, 1]] },
  };
  const resolver: Resolver = { find: (sel) => (sel === '#pay' ? box(100, 200, 50, 20) : null), reset: () => {} };

  it("places each element's bins on its box as it is now", () => {
    const p = placePoints(map, 10, resolver, 0, 500);
    expect(p.n).toBe(2);
    expect([...p.xyw.slice(0, 6)]).toEqual([102.5, 201, 1, 147.5, 219, 2]);
    expect(p.found).toBe(3);
  });

  it('shows points of elements that are gone at their page position (fixed ones in the viewport), never those of elements found', () => {
    const p = placePoints(map, 10, resolver, 0, 500);
    expect(p.gone).toEqual([
      [32, 64 - 500, 32, 4],
      [96, 96 - 500, 32, 1],
      [0, 32, 32, 2],
    ]);
    expect(p.missing).toBe(7);
  });
});

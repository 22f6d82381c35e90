import type { Resolver } from '../resolve.ts';
import { visibleBox } from '../resolve.ts';
import type { Heatmap } from '@touchmap/client';

export interface HeatPoints {
  /** x, y, weight triples in viewport CSS px: points on elements found on the page now. */
  xyw: Float32Array;
  n: number;
  /** Page-coordinate cells of elements that are gone: [x, y, size, count] in viewport px. */
  gone: [number, number, number, number][];
  /** Points on elements found / on elements gone (whatever is on screen or not). */
  found: number;
  missing: number;
}

/**
 * Places a heatmap's points on the page as it is now: each element's binned offsets at the
 * element's current box (so the heat follows the element through scrolling, resizing and
 * re-layout), and the page-coordinate cells of elements that cannot be found where they were
 * recorded (fixed elements' cells relative to the viewport).
 */
export function placePoints(map: Heatmap, bins: number, resolver: Resolver, scrollX: number, scrollY: number): HeatPoints {
  const found = new Set<string>();
  let cap = 0;
  for (const row of map.rows) cap += row.bins.length;
  const xyw = new Float32Array(cap * 3);
  let n = 0;
  let foundPoints = 0;
  let missing = 0;
  for (const row of map.rows) {
    const box = visibleBox(resolver.find(row.sel));
    if (!box) continue;
    found.add(row.sel);
    foundPoints += row.n;
    for (const [col, r, count] of row.bins) {
      xyw[n * 3] = box.left + ((col + 0.5) / bins) * box.width;
      xyw[n * 3 + 1] = box.top + ((r + 0.5) / bins) * box.height;
      xyw[n * 3 + 2] = count;
      n++;
    }
  }
  // One square per position, however many gone elements had points there.
  const squares = new Map<string, [number, number, number, number]>();
  const { cell, sels } = map.grid;
  const add = (cells: [number, number, number, number][], fixed: boolean) => {
    for (const [cx, cy, count, s] of cells) {
      const sel = s >= 0 ? sels[s] : undefined;
      if (sel !== undefined && (found.has(sel) || visibleBox(resolver.find(sel)))) continue;
      missing += count;
      const key = `${fixed ? 'f' : 'p'}${cx},${cy}`;
      const sq = squares.get(key);
      if (sq) sq[3] += count;
      else squares.set(key, [cx * cell - (fixed ? 0 : scrollX), cy * cell - (fixed ? 0 : scrollY), cell, count]);
    }
  };
  add(map.grid.page, false);
  add(map.grid.fixed, true);
  return { xyw, n, gone: [...squares.values()], found: foundPoints, missing };
}

import { describe, expect, it } from 'vitest';
import { buildDeliveries } from './batches.ts';
import type { Chunk, ChunkKey } from './store.ts';

const ev = (i: number, pad = 0) => ({ id: 'p.' + i, t: 1000 + i, k: 'track', name: 'x'.repeat(pad) || 'e' + i });
const chunk = (seq: number, s: string, p: string, events: unknown[], d?: number): [ChunkKey, Chunk] => [
  [1000 + seq, 'load', seq, events.length],
  { s, p, e: events, ...(d ? { d } : {}) },
];

describe('buildDeliveries', () => {
  it('merges consecutive chunks of one page view into one batch', () => {
    const out = buildDeliveries('site', [chunk(0, 's', 'p', [ev(0), ev(1)]), chunk(1, 's', 'p', [ev(2)])], 5);
    expect(out).toHaveLength(1);
    expect(out[0]!.keys.map((k) => k[2])).toEqual([0, 1]);
    const body = JSON.parse(out[0]!.bodies[0]!);
    expect(body).toMatchObject({ v: 1, site: 'site', sid: 's', pv: 'p', bid: 'load.0', sent: 5 });
    expect(body.events.map((e: { id: string }) => e.id)).toEqual(['p.0', 'p.1', 'p.2']);
    expect(body.drop).toBeUndefined();
  });
  it('starts a new delivery when the page view changes', () => {
    const out = buildDeliveries('site', [chunk(0, 's', 'p1', [ev(0)]), chunk(1, 's', 'p2', [ev(1)]), chunk(2, 's', 'p1', [ev(2)])], 5);
    expect(out.map((d) => JSON.parse(d.bodies[0]!).pv)).toEqual(['p1', 'p2', 'p1']);
  });
  it('splits by event count and byte size, every event exactly once', () => {
    const events = Array.from({ length: 120 }, (_, i) => ev(i, 500));
    const out = buildDeliveries('site', [chunk(0, 's', 'p', events)], 5, 50, 20_000);
    const bodies = out[0]!.bodies;
    expect(bodies.length).toBeGreaterThan(3);
    for (const b of bodies) {
      expect(b.length).toBeLessThanOrEqual(20_000);
      expect(JSON.parse(b).events.length).toBeLessThanOrEqual(50);
    }
    const ids = bodies.flatMap((b) => JSON.parse(b).events.map((e: { id: string }) => e.id));
    expect(ids).toEqual(events.map((e) => e.id));
    expect(new Set(bodies.map((b) => JSON.parse(b).bid)).size).toBe(bodies.length);
  });
  it('carries the drop count once', () => {
    const out = buildDeliveries('site', [chunk(0, 's', 'p', [ev(0)], 7), chunk(1, 's', 'p', [ev(1)], 3)], 5, 1);
    const bodies = out[0]!.bodies.map((b) => JSON.parse(b));
    expect(bodies[0].drop).toBe(10);
    expect(bodies[1].drop).toBeUndefined();
  });
});

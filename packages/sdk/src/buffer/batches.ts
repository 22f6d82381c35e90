import type { Chunk, ChunkKey } from './store.ts';

/** The wire limits the collector enforces (mirrors LIMITS in @touchmap/protocol, tested there). */
export const MAX_BATCH_EVENTS = 500;
export const MAX_BATCH_BYTES = 60_000;

export interface Delivery {
  /** The chunks this delivery empties once every body in it is stored. */
  keys: ChunkKey[];
  /** Serialized batches; usually one. */
  bodies: string[];
}

/**
 * Groups persisted chunks into deliveries: consecutive chunks of the same page view travel
 * together, then are split to respect the collector's count and byte limits. A delivery's chunks
 * are deleted only when all its bodies were stored, so a partial failure resends events the
 * collector already has — harmless, because it is idempotent on event id.
 */
export function buildDeliveries(
  site: string,
  chunks: [ChunkKey, Chunk][],
  sent: number,
  maxEvents = MAX_BATCH_EVENTS,
  maxBytes = MAX_BATCH_BYTES,
): Delivery[] {
  const out: Delivery[] = [];
  for (let i = 0; i < chunks.length; ) {
    const [k0, { s, p }] = chunks[i]!;
    const keys: ChunkKey[] = [];
    const bodies: string[] = [];
    const events: unknown[] = [];
    let drop = 0;
    for (let c; (c = chunks[i]) && c[1].s === s && c[1].p === p; i++) {
      keys.push(c[0]);
      events.push(...c[1].e);
      drop += c[1].d ?? 0;
    }
    let part: unknown[] = [];
    let bytes = 0;
    // The drop count rides on the first part only; a chunk with no events (only a drop count)
    // makes no body on its own. Undefined fields are left out by JSON.
    const flush = () => {
      const n = bodies.length;
      if (part.length) bodies.push(JSON.stringify({ v: 1, site, sid: s, pv: p, bid: k0[1] + '.' + k0[2] + (n ? '.' + n : ''), sent, drop: (!n && drop) || undefined, events: part }));
      part = [];
      bytes = 0;
    };
    for (const e of events) {
      const size = JSON.stringify(e).length + 1;
      if (part.length >= maxEvents || bytes + size > maxBytes - 300) flush();
      part.push(e);
      bytes += size;
    }
    flush();
    out.push({ keys, bodies });
  }
  return out;
}

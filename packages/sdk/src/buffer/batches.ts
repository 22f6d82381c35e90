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
  let i = 0;
  while (i < chunks.length) {
    const [k0, c0] = chunks[i]!;
    const keys: ChunkKey[] = [];
    const events: unknown[] = [];
    let drop = 0;
    while (i < chunks.length && chunks[i]![1].s === c0.s && chunks[i]![1].p === c0.p) {
      const [k, c] = chunks[i++]!;
      keys.push(k);
      events.push(...c.e);
      drop += c.d ?? 0;
    }
    const bid = k0[1] + '.' + k0[2];
    const bodies: string[] = [];
    const envelope = (evs: unknown[], part: number) =>
      JSON.stringify({ v: 1, site, sid: c0.s, pv: c0.p, bid: part ? bid + '.' + part : bid, sent, ...(drop && !part ? { drop } : {}), events: evs });
    let part: unknown[] = [];
    let bytes = 0;
    for (const e of events) {
      const size = JSON.stringify(e).length + 1;
      if (part.length && (part.length >= maxEvents || bytes + size > maxBytes - 300)) {
        bodies.push(envelope(part, bodies.length));
        part = [];
        bytes = 0;
      }
      part.push(e);
      bytes += size;
    }
    if (part.length) bodies.push(envelope(part, bodies.length));
    // A chunk with no events only carries a drop count; nothing to send for it on its own.
    if (!events.length && drop) bodies.length = 0;
    out.push({ keys, bodies });
  }
  return out;
}

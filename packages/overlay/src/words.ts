import type { Hotspot } from '@touchmap/client';

/** `1 session`, `2 sessions`. */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A share as a whole percentage, or a dash when there is none. */
export const pct = (x: number | null | undefined) => (x == null ? '–' : `${Math.round(x * 100)}%`);

/** Counts of one hotspot, worded for a tooltip or a list. */
export const hotspotCounts = (h: Hotspot) =>
  [h.rage && `${h.rage} rage`, h.dead && `${h.dead} dead`, h.errclick && `${h.errclick} error`, h.disabled && `${h.disabled} disabled`].filter(Boolean).join(' · ');

import type { PainPoint } from '@touchmap/journey';

/**
 * The list a researcher reads: a signal kind's touchpoint-level pain point is left out when one
 * element's pain point has the same affected sessions — every session that hit the signal there
 * hit it on that element (the element's sessions are a subset of the kind's, so equal counts are
 * the same sessions), and the two entries would say the same thing twice. The element's entry is
 * kept: it also names where. The API and the CSV export keep both.
 */
export function foldPainPoints(list: PainPoint[]): PainPoint[] {
  return list.filter((p) => p.sel !== undefined || !list.some((q) => q.sel !== undefined && q.touchpoint === p.touchpoint && q.kind === p.kind && q.affected === p.affected));
}

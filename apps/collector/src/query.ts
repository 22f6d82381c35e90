import * as v from 'valibot';
import { HEATMAP_KINDS, type Query } from './store/store.ts';
import type { Segment } from './segment.ts';

/** Longest time range one read query may span, and most rows one page may hold. */
export const MAX_RANGE_MS = 366 * 86_400_000;
export const MAX_ROWS = 1000;
export const MAX_EXPORT_ROWS = 1_000_000;
const DEFAULT_RANGE_MS = 7 * 86_400_000;

const int = (min: number, max: number) => v.pipe(v.string(), v.regex(/^\d+$/, 'must be a whole number'), v.transform(Number), v.number(), v.minValue(min), v.maxValue(max));
const text = (max: number) => v.pipe(v.string(), v.minLength(1), v.maxLength(max));

/** Query parameters every read endpoint takes: time range (epoch ms), paging, page and segment. */
export const ReadQuery = v.object({
  from: v.optional(int(0, 8.64e15)),
  to: v.optional(int(0, 8.64e15)),
  limit: v.optional(int(1, MAX_ROWS), '100'),
  offset: v.optional(int(0, 10_000_000), '0'),
  /** One page, by its exact path and query. */
  url: v.optional(text(1024)),
  /** One page group, e.g. /product/:id. */
  page: v.optional(text(1024)),
  device: v.optional(v.picklist(['mobile', 'tablet', 'desktop'])),
  visitor: v.optional(v.picklist(['new', 'returning'])),
  /** utm_source, referring host, or "direct". */
  source: v.optional(text(100)),
  viewport: v.optional(v.picklist(['s', 'm', 'l', 'xl'])),
  /** key:value; repeat for several (all must match). */
  trait: v.optional(v.pipe(v.array(v.pipe(v.string(), v.regex(/^[^:]{1,100}:.{0,100}$/, 'must be key:value'))), v.maxLength(5))),
});

export const HeatmapQuery = v.object({
  kind: v.optional(v.picklist(HEATMAP_KINDS), 'click'),
  /** Cells per side of each element's grid. */
  bins: v.optional(int(2, 50), '10'),
  /** Side of a page-grid cell, CSS px. */
  cell: v.optional(int(4, 512), '32'),
});

export const ElementQuery = v.object({ sel: text(512) });

export const ExportQuery = v.object({
  format: v.optional(v.picklist(['csv', 'parquet']), 'csv'),
  limit: v.optional(int(1, MAX_EXPORT_ROWS), '100000'),
});

export class BadQuery extends Error {}

/** Raw query-string values: single values, and `trait` as the list of all its occurrences. */
export function rawQuery(one: Record<string, string>, all: Record<string, string[]>): Record<string, unknown> {
  return { ...one, ...(all.trait ? { trait: all.trait } : {}) };
}

/** A validated read query, its range defaulted to the last 7 days and bounded. */
export function toQuery(q: v.InferOutput<typeof ReadQuery>, now: number): Query {
  const to = q.to ?? now;
  const from = q.from ?? to - DEFAULT_RANGE_MS;
  if (from > to || to - from > MAX_RANGE_MS) throw new BadQuery('from/to: the range must be ascending and at most 366 days');
  const segment: Segment = {
    ...(q.device && { device: q.device }),
    ...(q.visitor && { visitor: q.visitor }),
    ...(q.source && { source: q.source }),
    ...(q.viewport && { viewport: q.viewport }),
    ...(q.trait && { traits: q.trait.map((t) => [t.slice(0, t.indexOf(':')), t.slice(t.indexOf(':') + 1)] as [string, string]) }),
  };
  return { from, to, limit: q.limit, offset: q.offset, url: q.url, page: q.page, segment };
}

/** Journey queries: which definition version (default the latest), and a period to compare with. */
export const JourneyQuery = v.object({
  version: v.optional(int(1, 1_000_000_000)),
  compareFrom: v.optional(int(0, 8.64e15)),
  compareTo: v.optional(int(0, 8.64e15)),
});

/** The compare period of a journey query, bounded like the main range; undefined when not asked for. */
export function compareRange(q: v.InferOutput<typeof JourneyQuery>): { from: number; to: number } | undefined {
  if (q.compareFrom === undefined && q.compareTo === undefined) return undefined;
  if (q.compareFrom === undefined || q.compareTo === undefined) throw new BadQuery('compareFrom/compareTo: give both, or neither');
  if (q.compareFrom > q.compareTo || q.compareTo - q.compareFrom > MAX_RANGE_MS) throw new BadQuery('compareFrom/compareTo: the range must be ascending and at most 366 days');
  return { from: q.compareFrom, to: q.compareTo };
}

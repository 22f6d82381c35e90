// The read API's answers: what the collector's store returns and what the viewers (overlay,
// dashboard) read. One definition for both sides, like the events above (types only: no bytes
// in any bundle).

/** One page group of a site with its traffic and friction. */
export interface PageRow {
  page: string;
  /** Distinct URLs seen in the group. */
  urls: number;
  sessions: number;
  views: number;
  clicks: number;
  rage: number;
  dead: number;
  /** Uncaught errors and error clicks. */
  errors: number;
}

/** One element of one page group, ranked by friction. */
export interface HotspotRow {
  page: string;
  sel: string;
  rage: number;
  dead: number;
  errclick: number;
  disabled: number;
  /** Sessions that hit any of those on this element. */
  sessions: number;
}

/** The point kinds a heatmap can show (the SDK's kind names; `move` is the sampled move map). */
export type HeatmapKind = 'click' | 'move' | 'rage' | 'dead' | 'errclick' | 'disabled';

/** One element of a heatmap: its points binned on its box. */
export interface HeatmapElement {
  sel: string;
  /** Points on this element. */
  n: number;
  /** [column, row, count] cells of a bins × bins grid over the element's box. */
  bins: [number, number, number][];
}

/**
 * The fallback for elements that no longer exist: points in page coordinates, counted per
 * `cell` × `cell` px square and element — [column, row, count, element], the element an index
 * into `sels` (-1 for points without one); `fixed` holds the points on fixed or sticky
 * elements, whose coordinates are relative to the viewport.
 */
export interface HeatmapGrid {
  cell: number;
  sels: string[];
  page: [number, number, number, number][];
  fixed: [number, number, number, number][];
}

export interface Heatmap {
  elements: HeatmapElement[];
  grid: HeatmapGrid;
}

/**
 * How far down a page its views get: `folds` are the depths (fractions of the page height) that
 * 75%, 50% and 25% of page views reach — the lines where a quarter, half and three quarters of
 * visitors have stopped scrolling, and the same in CSS px from the top (`px`, each view's depth
 * × its page height). `height` is the median page height (CSS px).
 */
export interface ScrollDepth {
  views: number;
  height: number | null;
  folds: { reach: number; depth: number; px: number }[];
}

/** Everything known about one element (selector) in a range, page and segment. */
export interface ElementStats {
  sel: string;
  /** Events by kind (click, rage, dead, hover, field, vital, …). */
  kinds: Record<string, number>;
  sessions: number;
  /** Sessions that hit rage, dead, error or disabled clicks on it. */
  frictionSessions: number;
  firstSeen: number | null;
  lastSeen: number | null;
  /** Median pointer rest, over hover events (ms). */
  hoverMedianMs: number | null;
  /** Form-field actions (focus, refocus, clear, invalid, …) and the constraints that failed. */
  field: Record<string, number>;
  invalidReasons: { why: string; n: number }[];
  /** 75th percentile INP attributed to it (ms). */
  inpP75: number | null;
  /** Most frequent errors thrown right after clicking it. */
  errors: { msg: string; n: number }[];
  /** Page groups the element's events are on, with the URL of the group seen most (where to open the overlay). */
  pages: { page: string; n: number; url: string }[];
}


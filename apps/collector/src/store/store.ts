import type { Batch } from '@touchmap/protocol';
import type { FunnelReport, JourneyDefinition, PainPoints, StageReport } from '@touchmap/journey';
import type { Segment } from '../segment.ts';

/** A site: who may write (site key, allowed origins). */
export interface Site {
  id: string;
  name: string;
  /** Public write key the snippet carries. */
  key: string;
  /** Origins allowed to send from a browser; empty allows any. */
  origins: string[];
}

/**
 * What every read query carries: a time range (epoch ms, inclusive), a row bound and offset,
 * and which page views it looks at — one URL, one page group, and a segment.
 */
export interface Query {
  from: number;
  to: number;
  limit: number;
  offset: number;
  /** Exact path + query of a page, as the SDK captured it. */
  url?: string;
  /** A page group (`/product/:id`), see page-group.ts. */
  page?: string;
  segment: Segment;
}

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
export const HEATMAP_KINDS = ['click', 'move', 'rage', 'dead', 'errclick', 'disabled'] as const;
export type HeatmapKind = (typeof HEATMAP_KINDS)[number];

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
  /** The page groups it was seen on, most events first. */
  /** Page groups the element's events are on, with the URL of the group seen most (where to open the overlay). */
  pages: { page: string; n: number; url: string }[];
}

export type ExportFormat = 'csv' | 'parquet';

/** One stored version of a site's journey definition. */
export interface JourneyVersion {
  version: number;
  created: number;
  /** Who set it: `api` (PUT) or `file` (the CLI, from a journey.json). */
  source: 'api' | 'file' | 'overlay';
  journey: JourneyDefinition;
}

/** What an ingest stored: new events, and events it already had (a retried batch). */
export interface Ingested {
  stored: number;
  duplicates: number;
}

/** What a read token may do: read, or read and edit the journey definition. */
export type TokenRole = 'read' | 'edit';

/**
 * A token's role is in its prefix (`tmr_` read, `tme_` edit). The prefix is part of the hashed
 * token, so it cannot be changed without the token no longer matching: the role needs no column.
 */
export const tokenRole = (token: string): TokenRole => (token.startsWith('tme_') ? 'edit' : 'read');

/**
 * The storage interface every engine implements (DuckDB now, ClickHouse in issue 8). An engine
 * resolves `ingest` only once the events are durable: the HTTP 2xx waits on it.
 */
export interface Store {
  addSite(site: Omit<Site, 'id'>): Promise<Site>;
  siteByKey(key: string): Promise<Site | undefined>;
  ingest(site: Site, batch: Batch, receivedAt: number): Promise<Ingested>;
  countEvents(siteName?: string): Promise<number>;
  /**
   * Creates a read token for a site (`edit`: one that may also change the site's journey, e.g.
   * tag touchpoints from the overlay); only its hash is stored, the token is returned once.
   */
  createToken(siteName: string, role?: TokenRole): Promise<string>;
  /** The site a read token belongs to. */
  siteByToken(token: string): Promise<Site | undefined>;
  /** Creates a secret key for server-side events; only its hash is stored, the key is returned once. */
  createSecret(siteName: string): Promise<string>;
  siteBySecret(secret: string): Promise<Site | undefined>;
  siteByName(name: string): Promise<Site | undefined>;
  listSites(): Promise<Site[]>;
  pages(site: Site, q: Query): Promise<PageRow[]>;
  hotspots(site: Site, q: Query): Promise<HotspotRow[]>;
  heatmap(site: Site, q: Query & { kind: HeatmapKind; bins: number; cell: number }): Promise<Heatmap>;
  element(site: Site, q: Query & { sel: string }): Promise<ElementStats>;
  /** Scroll depth of one page (url or page group) in the query's scope. */
  scrollDepth(site: Site, q: Query): Promise<ScrollDepth>;
  /**
   * Raw events in the query's scope, oldest first, written to a file (CSV or Parquet) the caller
   * streams and then deletes. Rows are bounded by `limit` and paged by `offset` like every read.
   */
  exportEvents(site: Site, q: Query, format: ExportFormat, file: string): Promise<number>;
  /**
   * Stores a new version of a site's journey definition (already checked); earlier versions are
   * kept, so an old map stays explainable.
   */
  putJourney(site: Site, journey: JourneyDefinition, source: JourneyVersion['source']): Promise<JourneyVersion>;
  /** The latest version, or the one asked for. */
  journey(site: Site, version?: number): Promise<JourneyVersion | undefined>;
  /** Every version, newest first (without the definitions). */
  journeyVersions(site: Site): Promise<Omit<JourneyVersion, 'journey'>[]>;
  /** The journey map of a range and segment: per stage and touchpoint (packages/journey's model, in SQL). */
  journeyMap(site: Site, journey: JourneyDefinition, q: Query, now: number): Promise<{ sessions: number; stages: StageReport[] }>;
  /** One funnel's progress and abandonment; undefined when the journey has no such funnel. */
  funnel(site: Site, journey: JourneyDefinition, funnel: string, q: Query, now: number): Promise<FunnelReport | undefined>;
  painPoints(site: Site, journey: JourneyDefinition, q: Query, now: number): Promise<PainPoints>;
  close(): Promise<void>;
}

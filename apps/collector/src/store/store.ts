import type { Batch, ElementStats, Heatmap, HeatmapKind, HotspotRow, PageRow, ScrollDepth } from '@touchmap/protocol';
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

export type { ElementStats, Heatmap, HeatmapElement, HeatmapGrid, HeatmapKind, HotspotRow, PageRow, ScrollDepth } from '@touchmap/protocol';

/** The point kinds a heatmap can show (the SDK's kind names; `move` is the sampled move map). */
export const HEATMAP_KINDS = ['click', 'move', 'rage', 'dead', 'errclick', 'disabled'] as const satisfies readonly HeatmapKind[];

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

/**
 * The store cannot be reached now (a ClickHouse server down, a network failure): not the
 * request's fault and not lost — answered 503 with Retry-After, and the sender retries.
 */
export class StoreUnavailable extends Error {}

/** What a site holds, by kind of record: what erasing it removes. */
export interface SiteData {
  events: number;
  pageViews: number;
  /** Trait values of its sessions (`segment()`). */
  traits: number;
  journeyVersions: number;
  tokens: number;
  secrets: number;
}

/** What retention removed, and the time everything older than is now gone (epoch ms). */
export interface Expired {
  events: number;
  pageViews: number;
  before: number;
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
  /** What a site holds (what `eraseSite` would remove); fails for an unknown site. */
  siteData(siteName: string): Promise<SiteData>;
  /**
   * Removes every trace of a site — events, page views, traits, journey versions, tokens,
   * secrets, the site itself — and returns what it held. Its key, tokens and secrets stop
   * working at once on this collector (DuckDB: one transaction; ClickHouse: mutations, awaited
   * until done). Other collectors sharing a ClickHouse server forget it within a minute.
   */
  eraseSite(siteName: string): Promise<SiteData>;
  /**
   * Removes events and page views older than `cutoff` (epoch ms), of every site, at the
   * engine's granularity. DuckDB: exactly the rows older than the cutoff (and their copies in
   * `signals` and `journey_events`). ClickHouse: whole monthly partitions (18.16 has no TTL, and
   * a DELETE mutation rewrites every part), so only months that end before the cutoff go; rows
   * older than the cutoff in the cutoff's own month stay until that month has passed.
   * `before` says where the engine cut: the cutoff, or the first day of its month (ClickHouse
   * server time zone).
   */
  applyRetention(cutoff: number): Promise<Expired>;
  close(): Promise<void>;
}

import type { Batch } from '@touchmap/protocol';

/** A site: who may write (site key, allowed origins). */
export interface Site {
  id: string;
  name: string;
  /** Public write key the snippet carries. */
  key: string;
  /** Origins allowed to send from a browser; empty allows any. */
  origins: string[];
}

/** A time range and row bound every read query carries (epoch ms, inclusive). */
export interface Range {
  from: number;
  to: number;
  limit: number;
  offset: number;
}

/** One page of a site with its traffic and friction. */
export interface PageRow {
  url: string;
  sessions: number;
  views: number;
  clicks: number;
  rage: number;
  dead: number;
  errors: number;
}

/** One element ranked by friction on a page (or the whole site). */
export interface HotspotRow {
  sel: string;
  rage: number;
  dead: number;
  errclick: number;
  disabled: number;
  /** Sessions that hit any of those on this element. */
  sessions: number;
}

/** The event kinds a heatmap can show (the SDK's kind names). */
export type HeatmapKind = 'click' | 'rage' | 'dead' | 'errclick' | 'disabled';

/** One element of a heatmap: its points binned on its box. */
export interface HeatmapRow {
  sel: string;
  /** Points on this element. */
  n: number;
  /** [column, row, count] cells of a bins × bins grid over the element's box. */
  bins: [number, number, number][];
}

/** What an ingest stored: new events, and events it already had (a retried batch). */
export interface Ingested {
  stored: number;
  duplicates: number;
}

/**
 * The storage interface every engine implements (DuckDB now, ClickHouse in issue 8). An engine
 * resolves `ingest` only once the events are durable: the HTTP 2xx waits on it.
 */
export interface Store {
  addSite(site: Omit<Site, 'id'>): Promise<Site>;
  siteByKey(key: string): Promise<Site | undefined>;
  ingest(site: Site, batch: Batch, receivedAt: number): Promise<Ingested>;
  countEvents(siteName?: string): Promise<number>;
  /** Creates a read token for a site; only its hash is stored, the token is returned once. */
  createToken(siteName: string): Promise<string>;
  /** The site a read token belongs to. */
  siteByToken(token: string): Promise<Site | undefined>;
  /** Creates a secret key for server-side events; only its hash is stored, the key is returned once. */
  createSecret(siteName: string): Promise<string>;
  siteBySecret(secret: string): Promise<Site | undefined>;
  siteByName(name: string): Promise<Site | undefined>;
  pages(site: Site, range: Range): Promise<PageRow[]>;
  hotspots(site: Site, range: Range & { url?: string }): Promise<HotspotRow[]>;
  heatmap(site: Site, q: Range & { url: string; kind: HeatmapKind; bins: number }): Promise<HeatmapRow[]>;
  close(): Promise<void>;
}

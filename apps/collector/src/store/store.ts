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
  close(): Promise<void>;
}

// The two ways rows leave DuckDB: erasing a site, and retention.
import type { DuckDBInstance } from '@duckdb/node-api';
import type { Run } from './duckdb-reads.ts';
import type { Expired, SiteData } from './store.ts';

/** What a site (by id) holds. */
export async function duckSiteData(run: Run, siteId: string): Promise<SiteData> {
  const [r] = await run(
    `select (select count(*) from events where site = $site) as events, (select count(*) from pageviews where site = $site) as page_views,
            (select count(*) from traits where site = $site) as traits, (select count(*) from journeys where site = $site) as journey_versions,
            (select count(*) from tokens where site = $site) as tokens, (select count(*) from secrets where site = $site) as secrets`,
    { site: siteId },
  );
  const n = (k: string) => Number(r?.[k] ?? 0);
  return { events: n('events'), pageViews: n('page_views'), traits: n('traits'), journeyVersions: n('journey_versions'), tokens: n('tokens'), secrets: n('secrets') };
}

/**
 * Runs `work` in one transaction on a connection of its own (the writer's belongs to its commit
 * loop); `del` deletes and counts rows.
 */
async function inTransaction<T>(db: DuckDBInstance, work: (del: (sql: string, params: Record<string, string | number>) => Promise<number>) => Promise<T>): Promise<T> {
  const c = await db.connect();
  try {
    await c.run('begin');
    try {
      const result = await work(async (sql, params) => Number((await c.runAndReadAll(sql, params)).getRowObjectsJson()[0]?.Count ?? 0));
      await c.run('commit');
      return result;
    } catch (e) {
      await c.run('rollback').catch(() => {});
      throw e;
    }
  } finally {
    c.closeSync();
  }
}

/** Deletes every row of a site, its narrow copies and the site itself, in one transaction. */
export function eraseDuckSite(db: DuckDBInstance, siteId: string): Promise<SiteData> {
  return inTransaction(db, async (del) => {
    const site = { site: siteId };
    const from = (table: string) => del(`delete from ${table} where site = $site`, site);
    const events = await from('events');
    await from('signals');
    await from('journey_events');
    await from('touchpoint_clicks');
    await from('journey_selectors');
    const removed = { events, pageViews: await from('pageviews'), traits: await from('traits'), journeyVersions: await from('journeys'), tokens: await from('tokens'), secrets: await from('secrets') };
    await del('delete from sites where id = $site', site);
    return removed;
  });
}

/** Deletes events and page views older than `cutoff`, with their copies in `signals`, `journey_events` and `touchpoint_clicks`, in one transaction. */
export function deleteExpiredRows(db: DuckDBInstance, cutoff: number): Promise<Expired> {
  return inTransaction(db, async (del) => {
    const older = (table: string) => del(`delete from ${table} where t < $cutoff`, { cutoff });
    const events = await older('events');
    await older('signals');
    await older('journey_events');
    await older('touchpoint_clicks');
    return { events, pageViews: await older('pageviews'), before: cutoff };
  });
}

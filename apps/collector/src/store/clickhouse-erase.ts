import type { ClickHouse } from './clickhouse-connection.ts';
import { inList, lit } from './clickhouse-literal.ts';
import { SITE_TABLES } from './clickhouse-schema.ts';
import type { SiteData } from './store.ts';

/** How long erasure waits for its mutations before it says so. */
export const MUTATION_TIMEOUT_MS = 120_000;

/** What a site (by id) holds, each table deduplicated as the reads see it. */
export async function clickHouseSiteData(ch: ClickHouse, siteId: string): Promise<SiteData> {
  const site = lit(siteId);
  const n = async (statement: string) => Number((await ch.rows(statement))[0]?.n ?? 0);
  const [events, pageViews, traits, journeyVersions, tokens, secrets] = await Promise.all([
    n(`select count() as n from events final where site = ${site}`),
    n(`select count() as n from pageviews final where site = ${site}`),
    n(`select count() as n from traits final where site = ${site}`),
    n(`select uniqExact(version) as n from journeys where site = ${site}`),
    n(`select count() as n from tokens final where site = ${site}`),
    n(`select count() as n from secrets final where site = ${site}`),
  ]);
  return { events, pageViews, traits, journeyVersions, tokens, secrets };
}

/**
 * Deletes a site's rows from every table with `ALTER TABLE … DELETE` (18.16 has no lightweight
 * DELETE) and waits until ClickHouse has applied them all: 18.16 has no `mutations_sync`
 * either, so `system.mutations` is asked until none is left to do. The site and its credentials
 * go first, so no new token or secret lookup finds it while its data is being deleted.
 */
export async function eraseClickHouseSite(ch: ClickHouse, siteId: string, timeoutMs = MUTATION_TIMEOUT_MS): Promise<void> {
  const tables = ['sites', ...SITE_TABLES];
  for (const table of tables) await ch.command(`alter table ${table} delete where ${table === 'sites' ? 'id' : 'site'} = ${lit(siteId)}`);
  await waitForMutations(ch, tables, timeoutMs);
}

/** Resolves once no mutation of these tables (in the current database) is left to do. */
export async function waitForMutations(ch: ClickHouse, tables: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 20; ; wait = Math.min(wait * 2, 500)) {
    const pending = await ch.rows(`select table, count() as n from system.mutations where database = currentDatabase() and table in ${inList(tables)} and is_done = 0 group by table order by table`);
    if (!pending.length) return;
    if (Date.now() > deadline) {
      throw new Error(
        `ClickHouse has not finished deleting after ${Math.round(timeoutMs / 1000)} s (mutations left: ${pending.map((r) => `${String(r.table)} ${String(r.n)}`).join(', ')}); ` +
          'they go on in the background (see system.mutations): run the erase again once they are done',
      );
    }
    await new Promise((done) => setTimeout(done, wait));
  }
}

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DuckDBInstance } from '@duckdb/node-api';
import type { JourneyVersion, Site, Store } from './store.ts';
import { migrate } from './duckdb-schema.ts';
import { createWriter } from './duckdb-writer.ts';
import { createReads, usedParams, type Run } from './duckdb-reads.ts';
import { createJourneyQueries } from './duckdb-journey.ts';
import { deleteExpiredRows, duckSiteData, eraseDuckSite } from './duckdb-delete.ts';
import { IndexedSelectors, indexSelectors, selectorsOf } from './touchpoint-clicks.ts';

/**
 * DuckDB, embedded, in `<dir>/touchmap.duckdb`: the default store. One process owns the file
 * (DuckDB locks it); the CLI talks to a running collector over its admin API instead.
 */
export async function openDuckStore(dir: string): Promise<Store> {
  mkdirSync(dir, { recursive: true });
  const db = await DuckDBInstance.create(join(dir, 'touchmap.duckdb'));
  const c = await db.connect();
  await migrate(c);
  // The writer's group file lives in the data directory (a temp directory may be cleaned under
  // a long-running collector).
  const selectors = await new IndexedSelectors().load(c);
  const writer = createWriter(c, join(dir, 'ingest-group.csv'), selectors);

  // Every query is parameterised: values never reach SQL text. A DuckDB connection runs one
  // statement at a time, so the writer's connection belongs to the commit loop alone; every
  // other statement gets a connection of its own (cheap to open), and reads run side by side.
  const run: Run = async (sql, params) => {
    const rc = await db.connect();
    try {
      return (await rc.runAndReadAll(sql, usedParams(sql, params))).getRowObjectsJson();
    } finally {
      rc.closeSync();
    }
  };
  const one = async (sql: string, params: Record<string, string | number>) => (await run(sql, params))[0];
  const sha = (t: string) => createHash('sha256').update(t).digest('hex');
  const toSite = (r: Record<string, unknown>): Site => ({ id: String(r.id), name: String(r.name), key: String(r.site_key), origins: JSON.parse(String(r.origins)) as string[] });
  // Sites change rarely and ingest asks on every request: kept in memory once found.
  const siteCache = new Map<string, Site>();
  // Keys of sites being erased: refused from the start, not only once the data is gone.
  const erasing = new Set<string>();

  /** A random credential for a site (read token or secret key): returned once, stored as SHA-256. */
  const credential = async (table: 'tokens' | 'secrets', prefix: string, siteName: string) => {
    const site = await one('select id from sites where name = $name', { name: siteName });
    if (!site) throw new Error(`no site named ${siteName}`);
    const value = prefix + randomBytes(24).toString('base64url');
    await run(`insert into ${table} values ($hash, $site, $created)`, { hash: sha(value), site: String(site.id), created: String(Date.now()) });
    return value;
  };
  const need = async (name: string) => {
    const r = await one('select * from sites where name = $name', { name });
    if (!r) throw new Error(`no site named ${name}`);
    return toSite(r);
  };
  const siteByCredential = async (table: 'tokens' | 'secrets', value: string) => {
    const r = await one(`select s.* from ${table} t join sites s on s.id = t.site where t.hash = $hash`, { hash: sha(value) });
    return r ? toSite(r) : undefined;
  };

  return {
    async addSite({ name, key, origins }) {
      if (await one('select 1 from sites where name = $name or site_key = $key', { name, key })) throw new Error(`a site named ${name} or with that key exists already`);
      const id = randomUUID();
      await run('insert into sites values ($id, $name, $key, $origins, $created)', { id, name, key, origins: JSON.stringify(origins), created: String(Date.now()) });
      return { id, name, key, origins };
    },
    async siteByKey(key) {
      if (erasing.has(key)) return undefined;
      const hit = siteCache.get(key);
      if (hit) return hit;
      const r = await one('select * from sites where site_key = $key', { key });
      const site = r ? toSite(r) : undefined;
      if (site) siteCache.set(key, site);
      return site;
    },
    ingest: writer.ingest,
    async countEvents(siteName) {
      const r = siteName
        ? await one('select count(*) as n from events e join sites s on s.id = e.site where s.name = $name', { name: siteName })
        : await one('select count(*) as n from events', {});
      return Number(r?.n ?? 0);
    },
    createToken: (siteName, role = 'read') => credential('tokens', role === 'edit' ? 'tme_' : 'tmr_', siteName),
    siteByToken: (token) => siteByCredential('tokens', token),
    createSecret: (siteName) => credential('secrets', 'tms_', siteName),
    siteBySecret: (secret) => siteByCredential('secrets', secret),
    async siteByName(name) {
      const r = await one('select * from sites where name = $name', { name });
      return r ? toSite(r) : undefined;
    },
    async listSites() {
      return (await run('select * from sites order by name', {})).map(toSite);
    },
    putJourney(site, journey, source) {
      // Between two group commits (and so one version at a time): the transaction that stores
      // the version also indexes its new selectors with the clicks stored on them so far, and
      // every later group copies its own (touchpoint-clicks.ts).
      return writer.exclusive(async () => {
        const jc = await db.connect();
        try {
          await jc.run('begin');
          const r = (await jc.runAndReadAll('select coalesce(max(version), 0) + 1 as v from journeys where site = $site', { site: site.id })).getRowObjectsJson()[0]!;
          const row = { version: Number(r.v), created: Date.now(), source, journey };
          await jc.run('insert into journeys values ($site, $version, $created, $source, $definition)', { site: site.id, version: row.version, created: String(row.created), source, definition: JSON.stringify(journey) });
          const added = await indexSelectors(jc, site.id, selectorsOf(journey), selectors);
          await jc.run('commit');
          selectors.add(site.id, added);
          return row;
        } catch (e) {
          await jc.run('rollback').catch(() => {});
          throw e;
        } finally {
          jc.closeSync();
        }
      });
    },
    async journey(site, version) {
      const r = await one(
        version === undefined ? 'select * from journeys where site = $site order by version desc limit 1' : 'select * from journeys where site = $site and version = $version',
        version === undefined ? { site: site.id } : { site: site.id, version },
      );
      return r ? { version: Number(r.version), created: Number(r.created), source: r.source as JourneyVersion['source'], journey: JSON.parse(String(r.definition)) } : undefined;
    },
    async journeyVersions(site) {
      return (await run('select version, created, source from journeys where site = $site order by version desc', { site: site.id })).map((r) => ({ version: Number(r.version), created: Number(r.created), source: r.source as JourneyVersion['source'] }));
    },
    ...createReads(run),
    ...createJourneyQueries(run, (site, journey) => selectors.covers(site.id, journey)),
    siteData: async (name) => duckSiteData(run, (await need(name)).id),
    async eraseSite(name) {
      const site = await need(name);
      erasing.add(site.key);
      siteCache.delete(site.key);
      try {
        // Batches of this site already accepted are committed first, and erased with the rest.
        await writer.idle();
        const removed = await eraseDuckSite(db, site.id);
        selectors.forget(site.id);
        return removed;
      } finally {
        erasing.delete(site.key);
      }
    },
    applyRetention: (cutoff) => deleteExpiredRows(db, cutoff),
    async close() {
      await writer.close();
      c.closeSync();
      db.closeSync();
    },
  };
}

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { checkDatabaseName, clickHouseOver, connectClickHouse, parseClickHouseUrl, type Row } from './clickhouse-connection.ts';
import { lit } from './clickhouse-literal.ts';
import { migrateClickHouse } from './clickhouse-schema.ts';
import { createClickHouseWriter } from './clickhouse-writer.ts';
import { createClickHouseReads } from './clickhouse-reads.ts';
import { createClickHouseJourneyQueries } from './clickhouse-journey.ts';
import { clickHouseSiteData, eraseClickHouseSite } from './clickhouse-erase.ts';
import { dropExpiredMonths } from './clickhouse-retention.ts';
import type { JourneyVersion, Site, Store } from './store.ts';

/**
 * How long a collector trusts a site it looked up: a site erased through another collector
 * sharing the server stops ingesting here after this long.
 */
const SITE_CACHE_MS = 60_000;

/**
 * Erasure and retention change every shard's tables, which takes `ON CLUSTER` DDL (Keeper):
 * not done by the collector yet on a sharded store (docs/scaling.md has the statements).
 */
const ON_CLUSTER = 'on a sharded ClickHouse (?cluster=…), erase and retention run as ON CLUSTER statements on the cluster: see docs/scaling.md';

/** How to reach ClickHouse: a `clickhouse://host:port/database` URL, or clients made elsewhere (chdb). */
export type ClickHouseTarget = string | { client: ClickHouseClient; admin?: ClickHouseClient; database: string; cluster?: string };

/**
 * The ClickHouse store: the same Store as DuckDB's, on a ClickHouse server (or chdb). It keeps no
 * state of its own beyond a cache of sites, so any number of collectors can share one server.
 */
export async function openClickHouseStore(target: ClickHouseTarget): Promise<Store> {
  const { client, admin, database, cluster } =
    typeof target === 'string' ? (() => { const t = parseClickHouseUrl(target); return { ...connectClickHouse(t.url, t.database), ...t }; })() : { admin: target.client, ...target };
  checkDatabaseName(database);
  const ch = clickHouseOver(client, cluster !== undefined);
  const adminCh = admin === client ? ch : clickHouseOver(admin!);
  await migrateClickHouse(adminCh, ch, database, cluster);
  if (adminCh !== ch) await adminCh.close();
  const writer = createClickHouseWriter(ch);

  const one = async (q: string): Promise<Row | undefined> => (await ch.rows(q))[0];
  const sha = (t: string) => createHash('sha256').update(t).digest('hex');
  const toSite = (r: Row): Site => ({ id: String(r.id), name: String(r.name), key: String(r.site_key), origins: JSON.parse(String(r.origins)) as string[] });
  const sites = `(select * from sites final)`;
  const siteCache = new Map<string, { site: Site; until: number }>();
  // Keys of sites being erased: refused from the start, not only once the data is gone.
  const erasing = new Set<string>();
  const siteNamed = async (name: string) => {
    const r = await one(`select * from ${sites} where name = ${lit(name)} limit 1`);
    return r ? toSite(r) : undefined;
  };
  const need = async (name: string) => {
    const site = await siteNamed(name);
    if (!site) throw new Error(`no site named ${name}`);
    return site;
  };

  const credential = async (table: 'tokens' | 'secrets', prefix: string, siteName: string) => {
    const site = await one(`select id from ${sites} where name = ${lit(siteName)}`);
    if (!site) throw new Error(`no site named ${siteName}`);
    const value = prefix + randomBytes(24).toString('base64url');
    await ch.insert(table, [{ hash: sha(value), site: String(site.id), created: Date.now() }]);
    return value;
  };
  const siteByCredential = async (table: 'tokens' | 'secrets', value: string) => {
    const r = await one(`select * from ${sites} where id in (select site from ${table} where hash = ${lit(sha(value))}) limit 1`);
    return r ? toSite(r) : undefined;
  };
  const journeyOf = (r: Row): JourneyVersion => ({ version: Number(r.version), created: Number(r.created), source: r.source as JourneyVersion['source'], journey: JSON.parse(String(r.definition)) });
  /** Each version once: the row that claimed it first (by created, then nonce). */
  const versions = (site: Site) => `(select * from journeys where site = ${lit(site.id)} order by version, created, nonce limit 1 by version)`;

  return {
    async addSite({ name, key, origins }) {
      if (await one(`select 1 from ${sites} where name = ${lit(name)} or site_key = ${lit(key)}`)) throw new Error(`a site named ${name} or with that key exists already`);
      const id = randomUUID();
      await ch.insert('sites', [{ id, name, site_key: key, origins: JSON.stringify(origins), created: Date.now() }]);
      return { id, name, key, origins };
    },
    async siteByKey(key) {
      if (erasing.has(key)) return undefined;
      const hit = siteCache.get(key);
      if (hit && hit.until > Date.now()) return hit.site;
      const r = await one(`select * from ${sites} where site_key = ${lit(key)} limit 1`);
      const site = r ? toSite(r) : undefined;
      if (site) siteCache.set(key, { site, until: Date.now() + SITE_CACHE_MS });
      else siteCache.delete(key);
      return site;
    },
    ingest: writer.ingest,
    async countEvents(siteName) {
      // The site's id first: on a cluster, a subquery inside a query over sharded events runs
      // on each shard, where the (unsharded) sites table is not.
      const site = siteName === undefined ? undefined : await one(`select id from ${sites} where name = ${lit(siteName)}`);
      if (siteName !== undefined && !site) return 0;
      const r = await one(`select count() as n from events final${site ? ` where site = ${lit(String(site.id))}` : ''}`);
      return Number(r?.n ?? 0);
    },
    createToken: (siteName, role = 'read') => credential('tokens', role === 'edit' ? 'tme_' : 'tmr_', siteName),
    siteByToken: (token) => siteByCredential('tokens', token),
    createSecret: (siteName) => credential('secrets', 'tms_', siteName),
    siteBySecret: (secret) => siteByCredential('secrets', secret),
    siteByName: siteNamed,
    async listSites() {
      return (await ch.rows(`select * from ${sites} order by name`)).map(toSite);
    },
    async putJourney(site, journey, source) {
      // No transactions here: claim the next version by inserting it, then check that this
      // row is the one that owns it (another collector may have claimed it at the same time).
      for (let attempt = 0; ; attempt++) {
        const next = Number((await one(`select max(version) as v from journeys where site = ${lit(site.id)}`))?.v ?? 0) + 1;
        const row = { site: site.id, version: next, created: Date.now(), source, definition: JSON.stringify(journey), nonce: randomUUID() };
        await ch.insert('journeys', [row]);
        const owner = await one(`select nonce from ${versions(site)} where version = ${lit(next)}`);
        if (owner?.nonce === row.nonce) return { version: row.version, created: row.created, source, journey };
        if (attempt >= 5) throw new Error('could not store the journey: other versions were being written at the same time, try again');
      }
    },
    async journey(site, version) {
      const r = await one(`select * from ${versions(site)}${version === undefined ? '' : ` where version = ${lit(version)}`} order by version desc limit 1`);
      return r ? journeyOf(r) : undefined;
    },
    async journeyVersions(site) {
      return (await ch.rows(`select version, created, source from ${versions(site)} order by version desc`)).map((r) => ({ version: Number(r.version), created: Number(r.created), source: r.source as JourneyVersion['source'] }));
    },
    ...createClickHouseReads(ch),
    ...createClickHouseJourneyQueries(ch),
    siteData: async (name) => clickHouseSiteData(ch, (await need(name)).id),
    async eraseSite(name) {
      if (cluster !== undefined) throw new Error(ON_CLUSTER);
      const site = await need(name);
      erasing.add(site.key);
      siteCache.delete(site.key);
      try {
        // Mutations change the parts that exist when they start: batches of this site already
        // accepted are inserted first, so they are deleted too.
        await writer.idle();
        const held = await clickHouseSiteData(ch, site.id);
        await eraseClickHouseSite(ch, site.id);
        return held;
      } finally {
        erasing.delete(site.key);
      }
    },
    applyRetention: (cutoff) => (cluster !== undefined ? Promise.reject(new Error(ON_CLUSTER)) : dropExpiredMonths(ch, cutoff)),
    async close() {
      await writer.idle();
      await ch.close();
    },
  };
}

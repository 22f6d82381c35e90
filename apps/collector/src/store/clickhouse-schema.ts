import type { ClickHouse } from './clickhouse-connection.ts';
import { int, sql } from './clickhouse-literal.ts';

/** The schema version this code reads and writes (`meta`, key `schema`). */
export const CH_SCHEMA_VERSION = 1;

/** An event's time as a DateTime, from its epoch-ms `t` (18.16 has no DateTime64). */
const TS = `ts DateTime MATERIALIZED toDateTime(intDiv(t, 1000))`;
/** The page view's hash the reads join on (the DuckDB store's `pvh`, computed by the server). */
const PVH = `pvh UInt64 MATERIALIZED cityHash64(site, pv)`;
const EVENT_COLUMNS = `site String, k String, t UInt64, id String, sid String, pv String, bid String, received UInt64,
     sel Nullable(String), ox Nullable(Float64), oy Nullable(Float64), x Nullable(Int32), y Nullable(Int32), fx UInt8, pts Array(UInt8), tp Nullable(String),
     name Nullable(String), a Nullable(String), why Nullable(String), msg Nullable(String), r Nullable(String), at Nullable(String), v Nullable(Float64), h Nullable(Int32),
     data String, ${TS}, ${PVH}`;
const PAGEVIEW_COLUMNS = `site String, pv String, sid String, t UInt64, url String, page String, ref Nullable(String), src String, nav String, dev String,
     vw Int32, vh Int32, band String, new UInt8, ${TS}, ${PVH}`;
const TRAIT_COLUMNS = `site String, sid String, key String, value String, t UInt64`;
/**
 * A sharded table's columns on its `Distributed` table: computed columns as ALIAS there (an
 * insert through it carries only stored columns; each shard computes its MATERIALIZED ones).
 */
const COLUMNS = { events: EVENT_COLUMNS, pageviews: PAGEVIEW_COLUMNS, traits: TRAIT_COLUMNS };

/**
 * The tables, in the SQL both ClickHouse 18.16 and the modern engine accept (shared/clickhouse.md).
 *
 * - `events`: one row per event, `ReplacingMergeTree` ordered by (site, kind, time, event id):
 *   a retried batch, or one sent through two collectors, is stored once after a merge, and every
 *   read deduplicates before it (`FINAL`). A retried event has the same time, so it lands in the
 *   same monthly partition, where the merge finds it. Ordered by kind first: every query reads
 *   one or a few kinds, and the index skips the rest (the DuckDB store keeps narrow copies of
 *   the kinds it reads instead). The fields the reads aggregate over are columns — the model's
 *   names, field actions, vitals, scroll depth, answers — extracted by the writer, so no query
 *   parses JSON (18.16's JSON functions are not the modern engine's); `data` keeps the rest as
 *   JSON text for export.
 * - `pageviews`: one row per page view with what segments and pages read, deduplicated likewise.
 * - `traits`: trait values with their time; the latest wins (`argMax` in reads: a trait set
 *   again months later lives in another part, where a merge would not replace it).
 * - `sites`, `tokens`, `secrets`, `journeys`, `meta`: small tables, replaced by key.
 *
 * Events and page views are partitioned by month: retention drops whole partitions (18.16 has no TTL).
 *
 * With a cluster (`?cluster=NAME`), events, page views and traits are sharded (see below); each
 * node needs the schema (a collector creates it on the node it connects to; without Keeper
 * there is no `ON CLUSTER`, so start one against each node once — docs/scaling.md).
 */
const TABLES = (database: string, cluster?: string) => [
  `create table if not exists meta (k String, v String, at UInt64) engine = ReplacingMergeTree(at) order by k`,
  `create table if not exists sites (id String, name String, site_key String, origins String, created UInt64) engine = ReplacingMergeTree(created) order by id`,
  `create table if not exists tokens (hash String, site String, created UInt64) engine = ReplacingMergeTree(created) order by hash`,
  `create table if not exists secrets (hash String, site String, created UInt64) engine = ReplacingMergeTree(created) order by hash`,
  // A version is claimed by inserting it; two collectors claiming one at once both keep their
  // rows, and the first by (created, nonce) owns it (clickhouse.ts putJourney).
  `create table if not exists journeys (site String, version UInt32, created UInt64, source String, definition String, nonce String) engine = MergeTree order by (site, version, created, nonce)`,
  `create table if not exists ${local('events', cluster)} (${EVENT_COLUMNS})
   engine = ReplacingMergeTree partition by toYYYYMM(ts) order by (site, k, t, id)`,
  `create table if not exists ${local('pageviews', cluster)} (${PAGEVIEW_COLUMNS})
   engine = ReplacingMergeTree partition by toYYYYMM(ts) order by (site, pv)`,
  `create table if not exists ${local('traits', cluster)} (${TRAIT_COLUMNS}) engine = ReplacingMergeTree(t) order by (site, sid, key)`,
  // On a cluster, each node holds its shard in `X_local`, and `X` spans them all, sharded by
  // session: a session's events, page views and traits live on one shard, so every per-session
  // step of a query (distributed_product_mode = local) runs on the shard that has its rows.
  ...(cluster ? SHARDED.map((t) => `create table if not exists ${t} (${COLUMNS[t].replaceAll(' MATERIALIZED ', ' ALIAS ')}) engine = Distributed(${cluster}, ${database}, ${t}_local, cityHash64(sid))`) : []),
];

/** Tables sharded by session on a cluster. */
export const SHARDED = ['events', 'pageviews', 'traits'] as const;
const local = (table: string, cluster?: string) => (cluster ? `${table}_local` : table);

/**
 * Tables that hold a site's data, each with its `site` column: what erasure deletes from, in
 * this order (after `sites`): credentials first, so none still works while the data goes.
 */
export const SITE_TABLES = ['tokens', 'secrets', 'events', 'pageviews', 'traits', 'journeys'] as const;
/** Tables partitioned by month (retention drops their old partitions). */
export const MONTHLY_TABLES = ['events', 'pageviews'] as const;

/**
 * Creates the database and tables on first start, or migrates an older schema by version.
 * Every step is idempotent (`if not exists`), so collectors starting at once against one
 * server do no harm to each other.
 */
export async function migrateClickHouse(admin: ClickHouse, ch: ClickHouse, database: string, cluster?: string): Promise<void> {
  // The name was checked against [A-Za-z_][A-Za-z0-9_]* (clickhouse-connection.ts).
  await admin.command(`create database if not exists ${database}`);
  // chdb ignores a client's `database` (an HTTP URL parameter): select it in the session, which
  // chdb keeps. A server already answers in it (and 18.16 refuses USE without a session).
  if ((await ch.rows(`select currentDatabase() as db`))[0]?.db !== database) await ch.command(`use ${database}`);
  const hasMeta = await ch.rows(sql`select count() as n from system.tables where database = ${database} and name = 'meta'`);
  const version = Number(hasMeta[0]?.n)
    ? Number((await ch.rows(`select argMax(v, at) as v from meta where k = 'schema'`))[0]?.v || CH_SCHEMA_VERSION)
    : CH_SCHEMA_VERSION;
  if (version > CH_SCHEMA_VERSION) throw new Error(`the ClickHouse database ${database} is schema ${version}, newer than this collector (${CH_SCHEMA_VERSION}): upgrade the collector`);
  for (const statement of TABLES(database, cluster)) await ch.command(statement);
  await ch.command(`insert into meta (k, v, at) values ('schema', '${int(CH_SCHEMA_VERSION)}', ${int(Date.now())})`);
}

import type { DuckDBConnection } from '@duckdb/node-api';
import { JOURNEY_SELECTORS, selectorsOf, TOUCHPOINT_CLICKS } from './touchpoint-clicks.ts';
import { insertPageViews, JOURNEY_DATA_KINDS_SQL, JOURNEY_KINDS_SQL, pageViewRow, SIGNAL_KINDS_SQL, traitRows, upsertTraits, type TraitRow } from './duckdb-rows.ts';

/** The schema version this code reads and writes (meta.schema). */
export const SCHEMA_VERSION = 5;

/**
 * Tables. `events` holds one row per event with the columns queries aggregate over millions of
 * rows (kind, selector, offsets, page coordinates, move samples); the remaining kind-specific
 * fields stay as JSON text in `data` (VARCHAR: the JSON type's validation on insert cost more
 * than half the ingest rate when measured). `tp` is a click's `data-touchpoint`. `pageviews` is one row per page view with what
 * segments and pages are read by — page group, source, device, viewport band, new visitor — so
 * filters and per-page queries touch a table ~20× smaller than `events`. Both carry `pvh`, a
 * 64-bit hash of (site, page-view id) computed on insert, and join on it: page-view ids are
 * random strings, and a semi-join on them over 10M events took twice as long as on the hash. `traits` holds the
 * latest value of each trait a session set with `segment()`. `signals` repeats the friction events
 * (rage, dead, error and disabled clicks, errors, thrashing, excessive scrolling, u-turns) in a
 * narrow table: they are a few percent of all events and what hotspots, friction heatmaps and
 * the journey model read, and DuckDB does not push a filter on kind into its scan, so finding
 * them in `events` meant reading every row (hotspots at 10M events: ~330 ms → see bench/README.md).
 * `journey_events` does the same for the other events the journey model reads besides clicks
 * (page views, touchpoint, track, step, field, vital, survey and end events): scanning `events`
 * for them, one kind at a time, was most of a journey query at 10M events (bench/README.md).
 * `touchpoint_clicks` and `journey_selectors`: touchpoint-clicks.ts.
 */
const JOURNEY_EVENTS = `create table if not exists journey_events (site varchar not null, pvh ubigint not null, sid varchar not null, t bigint not null, id varchar not null, k varchar not null, sel varchar, data varchar)`;

const TABLES = [
  `create table if not exists meta (k varchar primary key, v varchar not null)`,
  `create table if not exists sites (id varchar primary key, name varchar unique not null, site_key varchar unique not null, origins varchar not null, created bigint not null)`,
  `create table if not exists tokens (hash varchar primary key, site varchar not null, created bigint not null)`,
  `create table if not exists secrets (hash varchar primary key, site varchar not null, created bigint not null)`,
  `create table if not exists events (id varchar primary key, site varchar not null, sid varchar not null, pv varchar not null, bid varchar not null, t bigint not null, received bigint not null, k varchar not null, sel varchar, ox double, oy double, x integer, y integer, fx boolean, pts utinyint[], data varchar not null, pvh ubigint not null, tp varchar)`,
  `create table if not exists pageviews (site varchar not null, pv varchar not null, sid varchar not null, t bigint not null, url varchar not null, page varchar not null, ref varchar, src varchar not null, nav varchar not null, dev varchar not null, vw integer not null, vh integer not null, band varchar not null, new boolean not null, pvh ubigint not null, primary key (site, pv))`,
  `create table if not exists signals (site varchar not null, pvh ubigint not null, sid varchar not null, t bigint not null, k varchar not null, sel varchar, ox double, oy double, x integer, y integer, fx boolean, id varchar not null)`,
  JOURNEY_EVENTS,
  TOUCHPOINT_CLICKS,
  JOURNEY_SELECTORS,
  `create table if not exists journeys (site varchar not null, version integer not null, created bigint not null, source varchar not null, definition varchar not null, primary key (site, version))`,
  `create table if not exists traits (site varchar not null, sid varchar not null, key varchar not null, value varchar not null, t bigint not null, primary key (site, sid, key))`,
];

/**
 * Creates the tables, or migrates an older database in place, in one transaction: a failed
 * migration leaves the data as it was.
 */
export async function migrate(c: DuckDBConnection): Promise<void> {
  const hasMeta = (await c.runAndReadAll(`select count(*) as n from information_schema.tables where table_name = 'meta'`)).getRowObjectsJson()[0]!.n;
  const version = Number(hasMeta) ? Number((await c.runAndReadAll(`select v from meta where k = 'schema'`)).getRowObjectsJson()[0]?.v ?? SCHEMA_VERSION) : SCHEMA_VERSION;
  if (version > SCHEMA_VERSION) throw new Error(`the database is schema ${version}, newer than this collector (${SCHEMA_VERSION}): upgrade the collector`);
  await c.run('begin');
  try {
    if (version === 1) await fromV1(c);
    if (version === 2) await fromV2(c);
    if (version <= 3) await fromV3(c);
    if (version <= 4) await fromV4(c);
    for (const sql of TABLES) await c.run(sql);
    await c.run(`insert or replace into meta values ('schema', '${SCHEMA_VERSION}')`);
    await c.run('commit');
  } catch (e) {
    await c.run('rollback');
    throw e;
  }
}

/** The `journey_events` rows of events already stored: what the writer adds for new ones. */
export const JOURNEY_EVENTS_FROM_EVENTS = `insert into journey_events
  select site, pvh, sid, t, id, k, sel, case when k in ${JOURNEY_DATA_KINDS_SQL} then data end from events where k in ${JOURNEY_KINDS_SQL}`;

/**
 * v5 repeats the clicks on touchpoint elements in `touchpoint_clicks`: those with a
 * data-touchpoint, and those on the selectors of every stored journey definition.
 */
async function fromV4(c: DuckDBConnection) {
  await c.run(TOUCHPOINT_CLICKS);
  await c.run(JOURNEY_SELECTORS);
  for (const r of (await c.runAndReadAll('select site, definition from journeys')).getRowObjectsJson()) {
    for (const sel of selectorsOf(JSON.parse(String(r.definition)))) await c.run('insert or ignore into journey_selectors values ($site, $sel)', { site: String(r.site), sel });
  }
  await c.run(`insert into touchpoint_clicks select site, pvh, sid, t, id, sel, tp from events e
    where k = 'click' and (tp is not null or exists (select 1 from journey_selectors j where j.site = e.site and j.sel = e.sel))`);
}

/**
 * v4 repeats the events the journey model reads (besides clicks and signals) in
 * `journey_events`, and removes the duplicate `signals` rows a v3 writer could leave when a
 * batch and its retry shared a group commit.
 */
async function fromV3(c: DuckDBConnection) {
  await c.run(JOURNEY_EVENTS);
  await c.run(JOURNEY_EVENTS_FROM_EVENTS);
  await c.run(`delete from signals where rowid not in (select min(rowid) from signals group by id)`);
}

/** v3 keeps a click's touchpoint (`data-touchpoint`) in a column: journey queries match on it. */
async function fromV2(c: DuckDBConnection) {
  await c.run(`alter table events add column tp varchar`);
  await c.run(`update events set tp = json_extract_string(data, '$.tp') where k = 'click'`);
}

/** v1 kept the page URL on pv events only and fx/pts inside `data`; v2 adds pageviews, traits, fx and pts. */
async function fromV1(c: DuckDBConnection) {
  await c.run(`alter table events rename to events_v1`);
  for (const sql of TABLES) await c.run(sql);
  await c.run(
    `insert into events select id, site, sid, pv, bid, t, received, k, sel, ox, oy, x, y,
            case when json_extract(data, '$.fx') = 1 then true end,
            case when k = 'move' then json_extract(data, '$.pts')::utinyint[] end,
            data, hash(site, pv), case when k = 'click' then json_extract_string(data, '$.tp') end
     from events_v1 order by t`,
  );
  await c.run(`insert into signals select site, pvh, sid, t, k, sel, ox, oy, x, y, fx, id from events where k in ${SIGNAL_KINDS_SQL}`);
  const views = (await c.runAndReadAll(`select site, sid, pv, t, url, data from events_v1 where k = 'pv'`)).getRowObjectsJson();
  if (views.length) await insertPageViews((sql, params) => c.run(sql, params), views.map((r) => pageViewRow(String(r.site), String(r.sid), String(r.pv), Number(r.t), { ...JSON.parse(String(r.data)), url: r.url })));
  const traits = new Map<string, TraitRow>();
  for (const r of (await c.runAndReadAll(`select site, sid, t, data from events_v1 where k = 'seg' order by t`)).getRowObjectsJson()) {
    for (const row of traitRows(String(r.site), String(r.sid), Number(r.t), JSON.parse(String(r.data)).traits)) traits.set(`${row.site} ${row.sid} ${row.key}`, row);
  }
  if (traits.size) await upsertTraits((sql, params) => c.run(sql, params), [...traits.values()]);
  await c.run(`drop table events_v1`);
}

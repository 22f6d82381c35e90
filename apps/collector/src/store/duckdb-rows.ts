import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import { pageGroup } from '../page-group.ts';
import { trafficSource, viewportBand } from '../segment.ts';

// Rows derived from events, and their inserts. Rows travel to DuckDB as one JSON document per
// statement, parsed by DuckDB (off Node's main thread) into the row type below.

/** Event kinds that are friction signals, kept again in the narrow `signals` table. */
export const SIGNAL_KINDS = ['rage', 'dead', 'errclick', 'disabled', 'err', 'thrash', 'xscroll', 'uturn'] as const;
export const SIGNAL_KINDS_SQL = `(${SIGNAL_KINDS.map((k) => `'${k}'`).join(', ')})`;

/**
 * Event kinds the journey model reads besides clicks and signals, kept again in the narrow
 * `journey_events` table; those whose JSON `data` it reads (names, steps, field actions,
 * vitals, answers) keep it there too.
 */
export const JOURNEY_KINDS = ['pv', 'tp', 'track', 'step', 'field', 'vital', 'survey', 'end'] as const;
export const JOURNEY_DATA_KINDS = ['tp', 'track', 'step', 'field', 'vital', 'survey'] as const;
const list = (xs: readonly string[]) => `(${xs.map((k) => `'${k}'`).join(', ')})`;
export const JOURNEY_KINDS_SQL = list(JOURNEY_KINDS);
export const JOURNEY_DATA_KINDS_SQL = list(JOURNEY_DATA_KINDS);

/** A page-view row from a `pv` event's fields: what ingest and the v1 migration both derive. */
export function pageViewRow(site: string, sid: string, pv: string, t: number, e: Record<string, unknown>) {
  const url = String(e.url);
  const ref = typeof e.ref === 'string' ? e.ref : null;
  const utm = e.utm as { s?: string } | undefined;
  const vw = Number(e.vw);
  return {
    site, pv, sid, t, url,
    page: pageGroup(url),
    ref,
    src: trafficSource(utm?.s, ref ?? undefined),
    nav: String(e.nav),
    dev: String(e.dev),
    vw,
    vh: Number(e.vh),
    band: viewportBand(vw),
    new: e.nv === 1,
  };
}

export type PageViewRow = ReturnType<typeof pageViewRow>;

export interface TraitRow {
  site: string;
  sid: string;
  key: string;
  value: string;
  t: number;
}

/** The trait rows of one `seg` event: values kept as text (a boolean reads "true"). */
export const traitRows = (site: string, sid: string, t: number, traits: Record<string, unknown>): TraitRow[] =>
  Object.entries(traits ?? {}).map(([key, value]) => ({ site, sid, key, value: String(value), t }));

const PV_ROW = `[{"site":"VARCHAR","pv":"VARCHAR","sid":"VARCHAR","t":"BIGINT","url":"VARCHAR","page":"VARCHAR","ref":"VARCHAR","src":"VARCHAR","nav":"VARCHAR","dev":"VARCHAR","vw":"INTEGER","vh":"INTEGER","band":"VARCHAR","new":"BOOLEAN"}]`;
const TRAIT_ROW = `[{"site":"VARCHAR","sid":"VARCHAR","key":"VARCHAR","value":"VARCHAR","t":"BIGINT"}]`;

/** Runs a statement with named parameters; the writer's prepares each statement once. */
export type Exec = (sql: string, params: Record<string, string>) => Promise<unknown>;

/**
 * A runner that prepares each distinct statement once on `c` and reuses it: the writer runs
 * the same few statements for every group, and planning them again each time was measurable.
 */
export function preparedOn(c: DuckDBConnection) {
  const cache = new Map<string, DuckDBPreparedStatement>();
  return async (sql: string, params: Record<string, string>) => {
    let p = cache.get(sql);
    if (!p) cache.set(sql, (p = await c.prepare(sql)));
    p.bind(params);
    return p.runAndReadAll();
  };
}

/** Page views, once each (a retried batch carries its `pv` event again). */
export const insertPageViews = (run: Exec, rows: PageViewRow[]) =>
  run(
    `insert or ignore into pageviews
     select site, pv, sid, t, url, page, ref, src, nav, dev, vw, vh, band, new, hash(site, pv)
     from (select unnest(from_json($rows, '${PV_ROW}'), recursive := true))`,
    { rows: JSON.stringify(rows) },
  );

/** Traits; the latest value of each wins, also when an older batch arrives late. */
export const upsertTraits = (run: Exec, rows: TraitRow[]) =>
  run(
    `insert into traits select site, sid, key, value, t from (select unnest(from_json($rows, '${TRAIT_ROW}'), recursive := true))
     on conflict (site, sid, key) do update set value = excluded.value, t = excluded.t where excluded.t >= traits.t`,
    { rows: JSON.stringify(rows) },
  );

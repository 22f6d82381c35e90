import { rmSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import type { ClickHouse, Row } from './clickhouse-connection.ts';
import { inList, lit } from './clickhouse-literal.ts';
import { scrollAnswer } from './scroll-answer.ts';
import { chScope, pageviewsOf } from './clickhouse-scope.ts';
import type { ElementStats, ExportFormat, Heatmap, HeatmapElement, HeatmapKind, HotspotRow, PageRow, Query, ScrollDepth, Site } from './store.ts';

const num = (r: Row | undefined, k: string) => Number(r?.[k] ?? 0);
const MAX_GRID_CELLS = 5000;
const FRICTION = `('rage', 'dead', 'errclick', 'disabled')`;

/**
 * Quantiles over a sorted array `s` (an `arraySort(groupArray(…))`), defined as DuckDB's are so
 * both stores give the same numbers: discrete — the ⌈q·n⌉-th value; continuous — interpolated
 * at (n − 1)·q. (ClickHouse's own quantileExact picks another element for even counts.)
 */
export const qdisc = (s: string, q: number) => `${s}[toUInt32(greatest(1, ceil(${q} * length(${s}))))]`;
export const qcont = (s: string, q: number) => {
  const pos = `((length(${s}) - 1) * ${q})`;
  const lo = `${s}[toUInt32(floor(${pos})) + 1]`;
  return `if(empty(${s}), NULL, ${lo} + (${pos} - floor(${pos})) * (${s}[toUInt32(ceil(${pos})) + 1] - ${lo}))`;
};

/** The read queries on ClickHouse: the DuckDB store's reads (duckdb-reads.ts), answer for answer. */
export function createClickHouseReads(ch: ClickHouse) {
  /**
   * A site's events in the query's range (deduplicated), and — when it narrows them — in its page
   * views. The conditions go in PREWHERE, which 18.16 applies before FINAL's merge of the rows
   * that remain: FINAL over a whole kind was most of a heatmap's time (1M events: 180 → 55 ms).
   * Filtering before deduplicating is sound here because copies of an event are the same row.
   */
  const eventsIn = (site: Site, q: Query, kinds?: string, sel?: string) => {
    const scope = chScope(site.id, q);
    return `(select *, pvh from events final prewhere site = ${lit(site.id)} and t between ${lit(q.from)} and ${lit(q.to)}${kinds ? ` and k in ${kinds}` : ''}${sel === undefined ? '' : ` and sel = ${lit(sel)}`}` +
      (scope ? ` and pvh in (select pvh from pageviews final prewhere site = ${lit(site.id)}${scope})` : '') + ')';
  };
  const inRange = (site: Site, q: Query) => `site = ${lit(site.id)} and t between ${lit(q.from)} and ${lit(q.to)}`;

  return {
    async pages(site: Site, q: Query): Promise<PageRow[]> {
      const rows = await ch.rows(
        `select page, uniqExact(url) as urls, uniqExact(sid) as sessions, count() as views,
                sum(clicks) as clicks, sum(rage) as rage, sum(dead) as dead, sum(errors) as errors
         from (select pvh, sid, page, url from pageviews final prewhere ${inRange(site, q)}${chScope(site.id, q)}) as v
         all left join (select pvh, countIf(k = 'click') as clicks, countIf(k = 'rage') as rage, countIf(k = 'dead') as dead, countIf(k in ('err', 'errclick')) as errors
                        from events final prewhere ${inRange(site, q)} and k in ('click', 'rage', 'dead', 'err', 'errclick') group by pvh) as c using pvh
         group by page order by sessions desc, page limit ${lit(q.limit)} offset ${lit(q.offset)}`,
      );
      return rows.map((r) => ({ page: String(r.page), urls: num(r, 'urls'), sessions: num(r, 'sessions'), views: num(r, 'views'), clicks: num(r, 'clicks'), rage: num(r, 'rage'), dead: num(r, 'dead'), errors: num(r, 'errors') }));
    },

    async hotspots(site: Site, q: Query): Promise<HotspotRow[]> {
      const rows = await ch.rows(
        `select page, sel, countIf(k = 'rage') as rage, countIf(k = 'dead') as dead, countIf(k = 'errclick') as errclick, countIf(k = 'disabled') as disabled,
                uniqExact(sid) as sessions
         from (select pvh, sel, k, sid from events final prewhere ${inRange(site, q)} and k in ${FRICTION}) as e
         all inner join (select pvh, page from pageviews final prewhere site = ${lit(site.id)}${chScope(site.id, q)}) as p using pvh
         group by page, sel order by sessions desc, count() desc, page, sel limit ${lit(q.limit)} offset ${lit(q.offset)}`,
      );
      return rows.map((r) => ({ page: String(r.page), sel: String(r.sel), rage: num(r, 'rage'), dead: num(r, 'dead'), errclick: num(r, 'errclick'), disabled: num(r, 'disabled'), sessions: num(r, 'sessions') }));
    },

    async heatmap(site: Site, q: Query & { kind: HeatmapKind; bins: number; cell: number }): Promise<Heatmap> {
      const B = lit(q.bins);
      const C = lit(q.cell);
      // Per element, points binned on its box; and a page grid of x, y per element (see
      // duckdb-reads.ts). Move events carry sampled [ox, oy] pairs in 0..100, no page coordinates.
      const points =
        q.kind === 'move'
          ? `select sel, toInt32(least(floor(p.1 / 100 * ${B}), ${B} - 1)) as bx, toInt32(least(floor(p.2 / 100 * ${B}), ${B} - 1)) as bw,
                    CAST(NULL AS Nullable(Int32)) as cx, CAST(NULL AS Nullable(Int32)) as cy, toUInt8(0) as fixed
             from (select sel, arrayJoin(arrayMap(i -> (pts[i], pts[i + 1]), arrayFilter(i -> i % 2 = 1, arrayEnumerate(pts)))) as p
                   from ${eventsIn(site, q, `('move')`)} where notEmpty(pts))`
          : `select sel, if(isNotNull(sel) and isNotNull(ox), toInt32(greatest(least(floor(ox * ${B}), ${B} - 1), 0)), NULL) as bx,
                    toInt32(greatest(least(floor(oy * ${B}), ${B} - 1), 0)) as bw, toInt32(intDiv(x, ${C})) as cx, toInt32(intDiv(y, ${C})) as cy, fx as fixed
             from ${eventsIn(site, q, inList([q.kind]))}`;
      const [cells, grid] = await Promise.all([
        ch.rows(
          `select sel, sum(c) as n, groupArray((bx, bw, c)) as bins
           from (select sel, bx, bw, count() as c from (${points}) where isNotNull(bx) group by sel, bx, bw)
           group by sel order by n desc, sel limit ${lit(q.limit)} offset ${lit(q.offset)}`,
        ),
        q.kind === 'move'
          ? Promise.resolve([])
          : ch.rows(`select sel, cx, cy, fixed, count() as c from (${points}) where isNotNull(cx) group by sel, cx, cy, fixed order by c desc, cx, cy, sel limit ${MAX_GRID_CELLS}`),
      ]);
      const elements: HeatmapElement[] = cells.map((r) => ({
        sel: String(r.sel),
        n: num(r, 'n'),
        bins: (r.bins as [unknown, unknown, unknown][]).map(([a, b, c]) => [Number(a), Number(b), Number(c)] as [number, number, number]).sort((x, y) => x[0] - y[0] || x[1] - y[1]),
      }));
      const bySel = (x: Row, y: Row) => (String(x.sel) < String(y.sel) ? -1 : String(x.sel) > String(y.sel) ? 1 : 0);
      grid.sort((x, y) => num(y, 'c') - num(x, 'c') || num(x, 'cx') - num(y, 'cx') || num(x, 'cy') - num(y, 'cy') || bySel(x, y));
      const sels: string[] = [];
      const index = new Map<string, number>();
      const selIndex = (sel: unknown) => {
        if (sel == null) return -1;
        const s = String(sel);
        if (!index.has(s)) index.set(s, sels.push(s) - 1);
        return index.get(s)!;
      };
      const cellOf = (r: Row): [number, number, number, number] => [num(r, 'cx'), num(r, 'cy'), num(r, 'c'), selIndex(r.sel)];
      const page = grid.filter((r) => !Number(r.fixed)).map(cellOf);
      const fixed = grid.filter((r) => Number(r.fixed)).map(cellOf);
      return { elements, grid: { cell: q.cell, sels, page, fixed } };
    },

    async element(site: Site, q: Query & { sel: string }): Promise<ElementStats> {
      const x = eventsIn(site, q, undefined, q.sel);
      const top10 = (col: string, where: string) => `select ${col}, count() as n from ${x} where ${where} group by ${col} order by n desc, ${col} limit 10`;
      const [kinds, [s], field, reasons, errors, pages] = await Promise.all([
        ch.rows(`select k, count() as n from ${x} group by k order by n desc, k`),
        ch.rows(
          `select count() as n, uniqExact(sid) as sessions, uniqExactIf(sid, k in ${FRICTION}) as friction, min(t) as first, max(t) as last,
                  arraySort(groupArrayIf(v, k = 'hover' and isNotNull(v))) as hs, arraySort(groupArrayIf(v, k = 'vital' and name = 'INP' and isNotNull(v))) as inps,
                  ${qcont('hs', 0.5)} as hover, ${qcont('inps', 0.75)} as inp
           from ${x}`,
        ),
        ch.rows(`select a, count() as n from ${x} where k = 'field' group by a order by n desc, a`),
        ch.rows(top10('why', `k = 'field' and a = 'invalid' and isNotNull(why)`)),
        ch.rows(top10('msg', `k = 'errclick'`)),
        ch.rows(
          `select page, url, count() as n from (select pvh from ${x}) as x
           all inner join (select pvh, page, url from ${pageviewsOf(site.id)}) as p using pvh group by page, url`,
        ),
      ]);
      // Per page: its views of the element, and its most frequent URL (ties: the first by text).
      const byPage = new Map<string, { page: string; n: number; url: string; best: number }>();
      for (const r of pages) {
        const page = String(r.page);
        const n = num(r, 'n');
        const url = String(r.url);
        const p = byPage.get(page) ?? { page, n: 0, url, best: -1 };
        p.n += n;
        if (n > p.best || (n === p.best && url < p.url)) Object.assign(p, { url, best: n });
        byPage.set(page, p);
      }
      const none = num(s, 'n') === 0;
      const opt = (k: string) => (s?.[k] == null || none ? null : Number(s[k]));
      return {
        sel: q.sel,
        kinds: Object.fromEntries(kinds.map((r) => [String(r.k), num(r, 'n')])),
        sessions: num(s, 'sessions'),
        frictionSessions: num(s, 'friction'),
        firstSeen: opt('first'),
        lastSeen: opt('last'),
        hoverMedianMs: opt('hover'),
        field: Object.fromEntries(field.map((r) => [String(r.a), num(r, 'n')])),
        invalidReasons: reasons.map((r) => ({ why: r.why as string, n: num(r, 'n') })),
        inpP75: opt('inp'),
        // As stored (DuckDB's answer too): an errclick without a message has none.
        errors: errors.map((r) => ({ msg: r.msg as string, n: num(r, 'n') })),
        pages: [...byPage.values()].sort((a, b) => b.n - a.n || (a.page < b.page ? -1 : a.page > b.page ? 1 : 0)).slice(0, 20).map(({ page, n, url }) => ({ page, n, url })),
      };
    },

    async scrollDepth(site: Site, q: Query): Promise<ScrollDepth> {
      // The deepest point per page view counts (see duckdb-reads.ts), with that view's height.
      const [r] = await ch.rows(
        `select count() as views, arraySort(groupArray(height)) as hs, arraySort(groupArray(d)) as ds, arraySort(groupArray(d * height)) as ps,
                ${qcont('hs', 0.5)} as mid, [${qdisc('ds', 0.25)}, ${qdisc('ds', 0.5)}, ${qdisc('ds', 0.75)}] as q,
                [${qdisc('ps', 0.25)}, ${qdisc('ps', 0.5)}, ${qdisc('ps', 0.75)}] as px
         from (select max(v) as d, argMax(h, v) as height from ${eventsIn(site, q, `('scroll')`)} group by pvh)`,
      );
      return scrollAnswer(r, 'mid');
    },

    async exportEvents(site: Site, q: Query, format: ExportFormat, file: string): Promise<number> {
      // ClickHouse streams the rows as NDJSON to a temporary file; DuckDB (embedded, in memory)
      // writes it as CSV or Parquet with the DuckDB store's column types, so an export is the
      // same file whichever engine holds the events (18.16 writes no Parquet itself).
      const ndjson = `${file}.ndjson`;
      try {
        await ch.toFile(
          `select id, t, received, k, sid, pv, if(has = 1, url, NULL) as url, if(has = 1, page, NULL) as page, sel, tp, ox, oy, x, y, fx, pts, data
           from ${eventsIn(site, q)} as e
           all left join (select pv, url, page, 1 as has from ${pageviewsOf(site.id)}) as p using pv
           order by t, id limit ${lit(q.limit)} offset ${lit(q.offset)}`,
          ndjson,
        );
        const db = await DuckDBInstance.create(':memory:');
        const c = await db.connect();
        try {
          const target = file.replaceAll("'", "''");
          const source = ndjson.replaceAll("'", "''");
          const columns = `{id: 'VARCHAR', t: 'VARCHAR', received: 'VARCHAR', k: 'VARCHAR', sid: 'VARCHAR', pv: 'VARCHAR', url: 'VARCHAR', page: 'VARCHAR', sel: 'VARCHAR', tp: 'VARCHAR', ox: 'DOUBLE', oy: 'DOUBLE', x: 'INTEGER', y: 'INTEGER', fx: 'UTINYINT', pts: 'UTINYINT[]', data: 'VARCHAR'}`;
          const r = await c.runAndReadAll(
            `copy (select id, t::bigint as t, received::bigint as received, k, sid, pv, url, page, sel, tp, ox, oy, x, y,
                          case when fx = 1 then true end as fx, case when k = 'move' then pts end as pts, data
                   from read_json('${source}', format = 'newline_delimited', columns = ${columns}))
             to '${target}' (format ${format === 'csv' ? 'csv, header true' : 'parquet'})`,
          );
          return Number(r.getRowObjectsJson()[0]?.Count ?? 0);
        } finally {
          c.closeSync();
          db.closeSync();
        }
      } finally {
        rmSync(ndjson, { force: true });
      }
    },
  };
}

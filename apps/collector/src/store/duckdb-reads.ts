import type { ElementStats, ExportFormat, Heatmap, HeatmapElement, HeatmapKind, HotspotRow, PageRow, Query, ScrollDepth, Site } from './store.ts';
import { scrollAnswer } from './scroll-answer.ts';
import { scopeSql, type Params } from './scope-sql.ts';

type Rows = Record<string, unknown>[];
/** Runs one parameterised statement on a connection of its own and returns its rows as JSON values. */
export type Run = (sql: string, params: Params) => Promise<Rows>;

/** The parameters `sql` uses: DuckDB refuses ones a statement does not use, and generated queries share a set. */
export const usedParams = (sql: string, params: Params): Params => Object.fromEntries(Object.entries(params).filter(([k]) => new RegExp(`\\$${k}(?!\\w)`).test(sql)));

const num = (r: Record<string, unknown> | undefined, k: string) => Number(r?.[k] ?? 0);
const numOrNull = (r: Record<string, unknown> | undefined, k: string) => (r?.[k] == null ? null : Number(r[k]));
/** Most grid cells one heatmap returns (the densest). */
const MAX_GRID_CELLS = 5000;
const FRICTION = `('rage', 'dead', 'errclick', 'disabled')`;

/** The read queries on DuckDB. Aggregation runs in SQL; Node only shapes the rows. */
export function createReads(run: Run) {
  /** Events of a site in the query's range, and — when the query narrows them — in its page views. */
  const eventsIn = (site: Site, q: Query, alias = 'e') => {
    const scope = scopeSql(q);
    const sql = `${alias}.site = $site and ${alias}.t between $from and $to` + (scope.sql ? ` and ${alias}.pvh in (select p.pvh from pageviews p where p.site = $site${scope.sql})` : '');
    return { sql, params: { site: site.id, from: q.from, to: q.to, ...scope.params } };
  };

  return {
    async pages(site: Site, q: Query): Promise<PageRow[]> {
      const scope = scopeSql(q);
      const rows = await run(
        `with v as (select p.pvh, p.sid, p.page, p.url from pageviews p where p.site = $site and p.t between $from and $to${scope.sql}),
              c as (select pvh, sum(clicks) as clicks, sum(rage) as rage, sum(dead) as dead, sum(errors) as errors from (
                    select e.pvh, count(*) as clicks, 0 as rage, 0 as dead, 0 as errors
                    from events e where e.site = $site and e.t between $from and $to and e.k = 'click' group by e.pvh
                    union all
                    select s.pvh, 0, count(*) filter (where s.k = 'rage'), count(*) filter (where s.k = 'dead'), count(*) filter (where s.k in ('err', 'errclick'))
                    from signals s where s.site = $site and s.t between $from and $to and s.k in ('rage', 'dead', 'err', 'errclick') group by s.pvh)
                    group by pvh)
         select v.page, count(distinct v.url) as urls, count(distinct v.sid) as sessions, count(*) as views,
                coalesce(sum(c.clicks), 0) as clicks, coalesce(sum(c.rage), 0) as rage, coalesce(sum(c.dead), 0) as dead, coalesce(sum(c.errors), 0) as errors
         from v left join c using (pvh)
         group by v.page order by sessions desc, v.page limit $limit offset $offset`,
        { site: site.id, from: q.from, to: q.to, limit: q.limit, offset: q.offset, ...scope.params },
      );
      return rows.map((r) => ({ page: String(r.page), urls: num(r, 'urls'), sessions: num(r, 'sessions'), views: num(r, 'views'), clicks: num(r, 'clicks'), rage: num(r, 'rage'), dead: num(r, 'dead'), errors: num(r, 'errors') }));
    },

    async hotspots(site: Site, q: Query): Promise<HotspotRow[]> {
      const scope = scopeSql(q);
      const rows = await run(
        `select p.page, e.sel, count(*) filter (where e.k = 'rage') as rage, count(*) filter (where e.k = 'dead') as dead,
                count(*) filter (where e.k = 'errclick') as errclick, count(*) filter (where e.k = 'disabled') as disabled,
                count(distinct e.sid) as sessions
         from signals e join pageviews p on p.site = $site and p.pvh = e.pvh${scope.sql}
         where e.site = $site and e.t between $from and $to and e.k in ${FRICTION}
         group by p.page, e.sel order by sessions desc, count(*) desc, p.page, e.sel limit $limit offset $offset`,
        { site: site.id, from: q.from, to: q.to, limit: q.limit, offset: q.offset, ...scope.params },
      );
      return rows.map((r) => ({ page: String(r.page), sel: String(r.sel), rage: num(r, 'rage'), dead: num(r, 'dead'), errclick: num(r, 'errclick'), disabled: num(r, 'disabled'), sessions: num(r, 'sessions') }));
    },

    async heatmap(site: Site, q: Query & { kind: HeatmapKind; bins: number; cell: number }): Promise<Heatmap> {
      const where = eventsIn(site, q);
      const move = q.kind === 'move';
      const params = { ...where.params, bins: q.bins, limit: q.limit, offset: q.offset, ...(move ? {} : { kind: q.kind, cell: q.cell }) };
      // Friction kinds are in the narrow signals table; clicks and moves only in events.
      const table = q.kind === 'click' || q.kind === 'move' ? 'events' : 'signals';
      // One scan, two groupings: per element, points binned on its box (bins × bins cells of
      // ox, oy) — the unit the overlay paints at the element's current position — ranked by
      // points; and a page grid of x, y (cell px) per element, which the overlay paints for the
      // elements it cannot find on the page any more. Move events
      // carry up to 200 sampled [ox, oy] pairs in 0..100 and no page coordinates.
      const points =
        move
          ? `select sel, least(floor(mx / 100.0 * $bins), $bins - 1)::int as bx, least(floor(my / 100.0 * $bins), $bins - 1)::int as bw,
                    null::int as cx, null::int as cy, false as fixed
             from (select e.sel, unnest(list_slice(e.pts, 1, -1, 2)) as mx, unnest(list_slice(e.pts, 2, -1, 2)) as my
                   from events e where ${where.sql} and e.k = 'move' and e.pts is not null)`
          : `select e.sel, case when e.sel is not null and e.ox is not null then greatest(least(floor(e.ox * $bins), $bins - 1), 0)::int end as bx,
                    greatest(least(floor(e.oy * $bins), $bins - 1), 0)::int as bw, (e.x // $cell)::int as cx, (e.y // $cell)::int as cy, coalesce(e.fx, false) as fixed
             from ${table} e where ${where.sql} and e.k = $kind`;
      const rows = await run(
        `with pts as (${points}),
              g as (select sel, bx, bw, cx, cy, fixed, grouping(cx) as part, count(*) as c from pts group by grouping sets ((sel, bx, bw), (sel, cx, cy, fixed))),
              el as (select sel, bx, bw, c, sum(c) over (partition by sel) as n from g where part = 1 and bx is not null)
         select * from (select 0 as part, sel, bx as a, bw as b, null::boolean as fixed, c, n from el
                        qualify dense_rank() over (order by n desc, sel) between $offset + 1 and $offset + $limit)
         union all (select 1, sel, cx, cy, fixed, c, null from g where part = 0 and cx is not null order by c desc, cx, cy, sel limit ${MAX_GRID_CELLS})`,
        params,
      );
      const bySel = (x: Record<string, unknown>, y: Record<string, unknown>) => (String(x.sel) < String(y.sel) ? -1 : String(x.sel) > String(y.sel) ? 1 : 0);
      const cells = rows.filter((r) => Number(r.part) === 0).sort((x, y) => num(y, 'n') - num(x, 'n') || bySel(x, y) || num(x, 'a') - num(y, 'a') || num(x, 'b') - num(y, 'b'));
      const grid = rows.filter((r) => Number(r.part) === 1).sort((x, y) => num(y, 'c') - num(x, 'c') || num(x, 'a') - num(y, 'a') || num(x, 'b') - num(y, 'b') || bySel(x, y));
      const elements = new Map<string, HeatmapElement>();
      for (const r of cells) {
        const sel = String(r.sel);
        if (!elements.has(sel)) elements.set(sel, { sel, n: num(r, 'n'), bins: [] });
        elements.get(sel)!.bins.push([num(r, 'a'), num(r, 'b'), num(r, 'c')]);
      }
      // Grid cells name their element by its index in `sels` (-1: a point without one).
      const sels: string[] = [];
      const index = new Map<string, number>();
      const selIndex = (sel: unknown) => {
        if (sel == null) return -1;
        const s = String(sel);
        if (!index.has(s)) index.set(s, sels.push(s) - 1);
        return index.get(s)!;
      };
      const cellOf = (r: Record<string, unknown>): [number, number, number, number] => [num(r, 'a'), num(r, 'b'), num(r, 'c'), selIndex(r.sel)];
      const page = grid.filter((r) => !r.fixed).map(cellOf);
      const fixed = grid.filter((r) => r.fixed).map(cellOf);
      return { elements: [...elements.values()], grid: { cell: q.cell, sels, page, fixed } };
    },

    async element(site: Site, q: Query & { sel: string }): Promise<ElementStats> {
      const where = eventsIn(site, q);
      // One scan for the element's events (materialized), then every figure from that small set.
      const [r] = await run(
        `with x as materialized (select e.k, e.sid, e.t, e.pvh, e.data from events e where ${where.sql} and e.sel = $sel),
              f as (select json_extract_string(data, '$.a') as a, json_extract_string(data, '$.why') as why from x where k = 'field')
         select
           (select list({'k': k, 'n': n} order by n desc, k) from (select k, count(*) as n from x group by k)) as kinds,
           (select count(distinct sid) from x) as sessions,
           (select count(distinct sid) from x where k in ${FRICTION}) as friction,
           (select min(t) from x) as first, (select max(t) from x) as last,
           (select median(try_cast(json_extract(data, '$.ms') as double)) from x where k = 'hover') as hover,
           (select quantile_cont(try_cast(json_extract(data, '$.val') as double), 0.75) from x where k = 'vital' and json_extract_string(data, '$.name') = 'INP') as inp,
           (select list({'a': a, 'n': n} order by n desc, a) from (select a, count(*) as n from f group by a)) as field,
           (select list({'why': why, 'n': n} order by n desc, why) from (select why, count(*) as n from f where a = 'invalid' and why is not null group by why order by n desc, why limit 10)) as reasons,
           (select list({'msg': msg, 'n': n} order by n desc, msg) from (select json_extract_string(data, '$.msg') as msg, count(*) as n from x where k = 'errclick' group by msg order by n desc, msg limit 10)) as errors,
           (select list({'page': page, 'n': n, 'url': url} order by n desc, page) from (
              select page, sum(c) as n, first(url order by c desc, url) as url
              from (select p.page, p.url, count(*) as c from x join pageviews p on p.site = $site and p.pvh = x.pvh group by p.page, p.url)
              group by page order by n desc, page limit 20)) as pages`,
        { ...where.params, sel: q.sel },
      );
      const list = <T>(k: string) => ((r?.[k] as T[] | null) ?? []).map((o) => Object.fromEntries(Object.entries(o as object).map(([key, val]) => [key, key === 'n' ? Number(val) : val])) as T);
      return {
        sel: q.sel,
        kinds: Object.fromEntries(list<{ k: string; n: number }>('kinds').map((o) => [o.k, o.n])),
        sessions: num(r, 'sessions'),
        frictionSessions: num(r, 'friction'),
        firstSeen: numOrNull(r, 'first'),
        lastSeen: numOrNull(r, 'last'),
        hoverMedianMs: numOrNull(r, 'hover'),
        field: Object.fromEntries(list<{ a: string; n: number }>('field').map((o) => [o.a, o.n])),
        invalidReasons: list<{ why: string; n: number }>('reasons'),
        inpP75: numOrNull(r, 'inp'),
        errors: list<{ msg: string; n: number }>('errors'),
        pages: list<{ page: string; n: number; url: string }>('pages'),
      };
    },

    async scrollDepth(site: Site, q: Query): Promise<ScrollDepth> {
      const where = eventsIn(site, q);
      // The SDK sends a page view's deepest point at page end (sometimes again after a resume):
      // the deepest per page view counts. Reaching 75% of views is the 25th percentile of depth.
      // `px` is the same in CSS px from the top (depth × that view's page height): where a fold
      // line goes on a page whose height depends on the viewport.
      const [r] = await run(
        `with d as (select max(json_extract(e.data, '$.d')::double) as d, arg_max(json_extract(e.data, '$.h')::int, json_extract(e.data, '$.d')::double) as h
                    from events e where ${where.sql} and e.k = 'scroll' group by e.pvh)
         select count(*) as views, median(h) as h, quantile_disc(d, [0.25, 0.5, 0.75]) as q, quantile_disc(d * h, [0.25, 0.5, 0.75]) as px from d`,
        where.params,
      );
      return scrollAnswer(r, 'h');
    },

    async exportEvents(site: Site, q: Query, format: ExportFormat, file: string): Promise<number> {
      const where = eventsIn(site, q);
      // The file name is the collector's own (a fresh temp path), never caller input; COPY's
      // inner query binds its values like every other statement.
      const target = file.replaceAll("'", "''");
      const rows = await run(
        `copy (select e.id, e.t, e.received, e.k, e.sid, e.pv, p.url, p.page, e.sel, e.tp, e.ox, e.oy, e.x, e.y, e.fx, e.pts, e.data
               from events e left join pageviews p on p.site = $site and p.pvh = e.pvh and p.pv = e.pv
               where ${where.sql} order by e.t, e.id limit $limit offset $offset)
         to '${target}' (format ${format === 'csv' ? 'csv, header true' : 'parquet'})`,
        { ...where.params, limit: q.limit, offset: q.offset },
      );
      return num(rows[0], 'Count');
    },
  };
}

import type { ElementStats, ExportFormat, Heatmap, HeatmapElement, HeatmapKind, HotspotRow, PageRow, Query, Site } from './store.ts';
import { scopeSql, type Params } from './scope-sql.ts';

type Rows = Record<string, unknown>[];
/** Runs one parameterised statement on a connection of its own and returns its rows as JSON values. */
export type Run = (sql: string, params: Params) => Promise<Rows>;

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
              c as (select e.pvh, count(*) filter (where e.k = 'click') as clicks, count(*) filter (where e.k = 'rage') as rage,
                           count(*) filter (where e.k = 'dead') as dead, count(*) filter (where e.k in ('err', 'errclick')) as errors
                    from events e where e.site = $site and e.t between $from and $to and e.k in ('click', 'rage', 'dead', 'err', 'errclick')
                    group by e.pvh)
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
         from events e join pageviews p on p.site = $site and p.pvh = e.pvh${scope.sql}
         where e.site = $site and e.t between $from and $to and e.k in ${FRICTION}
         group by p.page, e.sel order by sessions desc, count(*) desc, p.page, e.sel limit $limit offset $offset`,
        { site: site.id, from: q.from, to: q.to, limit: q.limit, offset: q.offset, ...scope.params },
      );
      return rows.map((r) => ({ page: String(r.page), sel: String(r.sel), rage: num(r, 'rage'), dead: num(r, 'dead'), errclick: num(r, 'errclick'), disabled: num(r, 'disabled'), sessions: num(r, 'sessions') }));
    },

    async heatmap(site: Site, q: Query & { kind: HeatmapKind; bins: number; cell: number }): Promise<Heatmap> {
      const where = eventsIn(site, q);
      const params = { ...where.params, kind: q.kind, bins: q.bins, limit: q.limit, offset: q.offset };
      // Per element: points binned on its box (bins × bins cells), the unit the overlay paints
      // at the element's current position. Move events carry up to 200 sampled [ox, oy] pairs
      // in 0..100; every other kind one point as fractions.
      const points =
        q.kind === 'move'
          ? `select sel, least(floor(xy[1] / 100.0 * $bins), $bins - 1)::int as bx, least(floor(xy[2] / 100.0 * $bins), $bins - 1)::int as by
             from (select e.sel, unnest(list_transform(range(len(e.pts) // 2), lambda i: [e.pts[2 * i + 1], e.pts[2 * i + 2]])) as xy
                   from events e where ${where.sql} and e.k = 'move' and e.pts is not null)`
          : `select e.sel, greatest(least(floor(e.ox * $bins), $bins - 1), 0)::int as bx, greatest(least(floor(e.oy * $bins), $bins - 1), 0)::int as by
             from events e where ${where.sql} and e.k = $kind and e.sel is not null and e.ox is not null`;
      const [cells, grid] = await Promise.all([
        run(
          `with p as (${points}),
                top as (select sel, count(*) as n from p group by sel order by n desc, sel limit $limit offset $offset)
           select p.sel, top.n, p.bx, p.by, count(*) as c from p join top using (sel)
           group by p.sel, top.n, p.bx, p.by order by top.n desc, p.sel, p.bx, p.by`,
          q.kind === 'move' ? (({ kind: _, ...rest }) => rest)(params) : params,
        ),
        // Page coordinates, for points whose element is gone (moves have none).
        q.kind === 'move'
          ? Promise.resolve([] as Rows)
          : run(
              `select (e.x // $cell)::int as cx, (e.y // $cell)::int as cy, coalesce(e.fx, false) as fixed, count(*) as c
               from events e where ${where.sql} and e.k = $kind and e.x is not null
               group by all order by c desc, cx, cy limit ${MAX_GRID_CELLS}`,
              { ...where.params, kind: q.kind, cell: q.cell },
            ),
      ]);
      const elements = new Map<string, HeatmapElement>();
      for (const r of cells) {
        const sel = String(r.sel);
        if (!elements.has(sel)) elements.set(sel, { sel, n: num(r, 'n'), bins: [] });
        elements.get(sel)!.bins.push([num(r, 'bx'), num(r, 'by'), num(r, 'c')]);
      }
      const cellOf = (r: Record<string, unknown>): [number, number, number] => [num(r, 'cx'), num(r, 'cy'), num(r, 'c')];
      return {
        elements: [...elements.values()],
        grid: { cell: q.cell, page: grid.filter((r) => !r.fixed).map(cellOf), fixed: grid.filter((r) => r.fixed).map(cellOf) },
      };
    },

    async element(site: Site, q: Query & { sel: string }): Promise<ElementStats> {
      const where = eventsIn(site, q);
      const params = { ...where.params, sel: q.sel };
      const on = `from events e where ${where.sql} and e.sel = $sel`;
      const [kinds, summary, field, reasons, errors, pages] = await Promise.all([
        run(`select e.k, count(*) as n ${on} group by e.k order by n desc, e.k`, params),
        run(
          `select count(distinct e.sid) as sessions, count(distinct e.sid) filter (where e.k in ${FRICTION}) as friction,
                  min(e.t) as first, max(e.t) as last,
                  median(try_cast(json_extract(e.data, '$.ms') as double)) filter (where e.k = 'hover') as hover,
                  quantile_cont(try_cast(json_extract(e.data, '$.val') as double), 0.75) filter (where e.k = 'vital' and json_extract_string(e.data, '$.name') = 'INP') as inp
           ${on}`,
          params,
        ),
        run(`select json_extract_string(e.data, '$.a') as a, count(*) as n ${on} and e.k = 'field' group by a order by n desc, a`, params),
        run(`select json_extract_string(e.data, '$.why') as why, count(*) as n ${on} and e.k = 'field' and json_extract_string(e.data, '$.a') = 'invalid' and json_extract_string(e.data, '$.why') is not null group by why order by n desc, why limit 10`, params),
        run(`select json_extract_string(e.data, '$.msg') as msg, count(*) as n ${on} and e.k = 'errclick' group by msg order by n desc, msg limit 10`, params),
        run(`select p.page, count(*) as n from events e join pageviews p on p.site = $site and p.pvh = e.pvh where ${where.sql} and e.sel = $sel group by p.page order by n desc, p.page limit 20`, params),
      ]);
      const s = summary[0];
      return {
        sel: q.sel,
        kinds: Object.fromEntries(kinds.map((r) => [String(r.k), num(r, 'n')])),
        sessions: num(s, 'sessions'),
        frictionSessions: num(s, 'friction'),
        firstSeen: numOrNull(s, 'first'),
        lastSeen: numOrNull(s, 'last'),
        hoverMedianMs: numOrNull(s, 'hover'),
        field: Object.fromEntries(field.map((r) => [String(r.a), num(r, 'n')])),
        invalidReasons: reasons.map((r) => ({ why: String(r.why), n: num(r, 'n') })),
        inpP75: numOrNull(s, 'inp'),
        errors: errors.map((r) => ({ msg: String(r.msg), n: num(r, 'n') })),
        pages: pages.map((r) => ({ page: String(r.page), n: num(r, 'n') })),
      };
    },

    async exportEvents(site: Site, q: Query, format: ExportFormat, file: string): Promise<number> {
      const where = eventsIn(site, q);
      // The file name is the collector's own (a fresh temp path), never caller input; COPY's
      // inner query binds its values like every other statement.
      const target = file.replaceAll("'", "''");
      const rows = await run(
        `copy (select e.id, e.t, e.received, e.k, e.sid, e.pv, p.url, p.page, e.sel, e.ox, e.oy, e.x, e.y, e.fx, e.pts, e.data
               from events e left join pageviews p on p.site = $site and p.pvh = e.pvh and p.pv = e.pv
               where ${where.sql} order by e.t, e.id limit $limit offset $offset)
         to '${target}' (format ${format === 'csv' ? 'csv, header true' : 'parquet'})`,
        { ...where.params, limit: q.limit, offset: q.offset },
      );
      return num(rows[0], 'Count');
    },
  };
}

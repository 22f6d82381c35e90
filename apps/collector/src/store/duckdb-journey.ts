import type { FunnelReport, JourneyDefinition, PainPoints, StageReport, Weights } from '@touchmap/journey';
import type { Query, Site } from './store.ts';
import type { Run } from './duckdb-reads.ts';
import { journeyBase, ORD_MIN, type JourneyBase } from './journey-sql.ts';
import { funnelEnds, laterStages } from './journey-next.ts';
import { funnelReportOf, journeyMapOf, painPointsOf, type Row } from './journey-report.ts';

/**
 * Runs several queries over one generated base as a single statement — so the base (events,
 * hits, signals) is computed once, not once per query — and returns each query's rows.
 */
async function parts<K extends string>(run: Run, base: JourneyBase, ctes: string[], queries: Record<K, string>): Promise<Record<K, Row[]>> {
  const body = (Object.entries(queries) as [K, string][]).map(([name, q]) => `select '${name}' as part, to_json(x) as j from (${q}) x`).join('\n union all ');
  const out = Object.fromEntries(Object.keys(queries).map((k) => [k, []])) as unknown as Record<K, Row[]>;
  for (const r of await run(base.statement(ctes, body), base.params)) out[String(r.part) as K].push(typeof r.j === 'string' ? JSON.parse(r.j) : (r.j as Row));
  return out;
}

/**
 * The journey queries in SQL (journey-sql.ts builds the shared part): funnels, the journey map
 * and pain points. `indexed` says whether touchpoint_clicks holds a definition's clicks. Aggregation runs in DuckDB; Node shapes the few rows that come back with
 * packages/journey's own scoring and rounding, so the answers are the model's (tested against
 * its pure functions on the same events).
 */
export function createJourneyQueries(run: Run, indexed: (site: Site, journey: JourneyDefinition) => boolean = () => false) {
  return {
    async funnel(site: Site, journey: JourneyDefinition, funnelId: string, q: Query, now: number): Promise<FunnelReport | undefined> {
      const funnel = journey.funnels.find((f) => f.id === funnelId);
      if (!funnel) return undefined;
      const base = journeyBase(site, journey, q, now, { indexed: indexed(site, journey) });
      const N = funnel.steps.length;
      const steps = funnel.steps.map((s) => base.bind(s));
      // Step k is reached by a hit at or after the hit that reached step k − 1.
      const chain: string[] = [`p0 as (select f.sid, f.ord as o0, f.t as t0 from first f where f.tp = ${steps[0]})`];
      for (let k = 1; k < N; k++) {
        const carried = Array.from({ length: k }, (_, i) => `p.o${i}, p.t${i}`).join(', ');
        chain.push(`p${k} as (select p.sid, ${carried}, ${ORD_MIN('h.ord')} as o${k}, struct_extract(${ORD_MIN('h.ord')}, 't') as t${k} from p${k - 1} p left join hits h on h.sid = p.sid and h.tp = ${steps[k]} and h.ord >= p.o${k - 1} group by all)`);
      }
      chain.push(`prog as (select p${N - 1}.*, sess.ended from p${N - 1} join sess using (sid))`);
      const abandoned = Array.from({ length: N - 1 }, (_, k) => `select sid, ${k} as step, o${k} as at from prog where o${k} is not null and o${k + 1} is null and ended`);
      chain.push(`ab as (${abandoned.join(' union all ')})`);
      const stats = Array.from({ length: N }, (_, k) => [
        `count(o${k}) as r${k}`,
        k < N - 1 ? `median(t${k + 1} - t${k}) as m${k}, count(*) filter (where o${k} is not null and o${k + 1} is null and ended) as a${k}` : '',
      ].filter(Boolean).join(', ')).join(', ');
      const { counts, evidence } = await parts(run, base, [
        ...chain,
        `lastfield as (select sid, arg_max(sel, ord) as sel from je where k = 'field' group by sid)`,
      ], {
        counts: `select ${stats} from prog`,
        evidence: `select 'field' as what, ab.step, lf.sel as a, null::varchar as b, count(*) as n from ab join lastfield lf using (sid) where lf.sel is not null group by all
           union all select 'signal', ab.step, s.kind, s.sel, count(*) from ab join sig s on s.sid = ab.sid and s.ord >= ab.at group by all
           union all select 'exit', ab.step, e.url, null, count(*) from ab join exitp e using (sid) where e.url is not null group by all`,
      });
      return funnelReportOf(funnel, { counts: counts[0]!, evidence });
    },

    async journeyMap(site: Site, journey: JourneyDefinition, q: Query, now: number, weights: Weights = {}): Promise<{ sessions: number; stages: StageReport[] }> {
      const base = journeyBase(site, journey, q, now, { weights, indexed: indexed(site, journey) });
      const later = laterStages(journey);
      const stageRows = journey.stages.map((s, i) => `(${i}, ${later[i]})`).join(', ');
      const goalRows = journey.stages.flatMap((s, i) =>
        journey.funnels.map((f) => f.steps[f.steps.length - 1]!).filter((g) => journey.touchpoints.find((t) => t.id === g)?.stage === s.id).map((g) => `(${i}, ${base.bind(g)})`),
      );
      // Where a survey answer was given: the first touchpoint (in definition order) named by it.
      const atRows = journey.touchpoints.flatMap((t, i) => {
        const stage = journey.stages.findIndex((s) => s.id === t.stage);
        return [t.match.touchpoint, t.match.step, t.id].filter((x): x is string => x !== undefined).map((at) => `(${base.bind(at)}, ${i}, ${stage})`);
      });
      const extra = [
        `stageinfo(stage, later) as (values ${stageRows})`,
        `goals(stage, tp) as (${goalRows.length ? `values ${goalRows.join(', ')}` : 'select 0, null::varchar where false'})`,
        `atmap(place, prio, stage) as (${atRows.length ? `values ${atRows.join(', ')}` : 'select null::varchar, 0, 0 where false'})`,
        `sfirst as (select f.sid, ti.stage, ${ORD_MIN('f.ord')} as ord from first f join tpinfo ti using (tp) group by f.sid, ti.stage)`,
      ];
      const rows = await parts(run, base, extra, {
        tps: `select f.tp, count(*) as reach,
                  count(*) filter (where (ti.nxt is not null and n.lord >= f.ord) or (ti.nxt is null and ls.lord >= f.ord)) as went
              from first f join tpinfo ti using (tp)
              left join first n on n.sid = f.sid and n.tp = ti.nxt left join laststage ls on ls.sid = f.sid and ls.stage = ti.later
              group by f.tp`,
        tpFriction: `select a.tp, sum(w.w) as w from sigatt a join weights w using (kind) group by a.tp`,
        tpSignals: `select tp, kind, count(*) as n from sigatt group by tp, kind`,
        tpElements: `select tp, sel, count(*) as n from sigatt where sel is not null group by tp, sel`,
        stages: `select sf.stage, count(*) as sessions, count(*) filter (where moved) as moved, count(*) filter (where moved or completed) as progressed, count(*) filter (where hurt) as hurt
           from (select sf.*,
                        coalesce(ls.lord >= sf.ord, false) as moved,
                        exists (select 1 from goals g join first f2 on f2.tp = g.tp where g.stage = sf.stage and f2.sid = sf.sid) as completed,
                        exists (select 1 from sigatt a join tpinfo t3 on t3.tp = a.tp where a.sid = sf.sid and t3.stage = sf.stage) as hurt
                 from sfirst sf join stageinfo si using (stage) left join laststage ls on ls.sid = sf.sid and ls.stage = si.later) sf
           group by sf.stage`,
        // A signal attached to several touchpoints of one stage weighs once there.
        stageFriction: `select stage, sum(w.w) as w from (select distinct a.ord, a.kind, ti.stage from sigatt a join tpinfo ti using (tp)) x join weights w using (kind) group by stage`,
        answers: `select m.stage, avg((s.v - 3) / 2) as score, count(*) as n
           from (select json_extract_string(data, '$.at') as place, try_cast(json_extract(data, '$.v') as double) as v from je where k = 'survey') s
           join (select place, arg_min(stage, prio) as stage from atmap group by place) m using (place)
           where s.v is not null group by m.stage`,
        total: `select count(distinct sid) as n from seen`,
      });
      return journeyMapOf(journey, rows);
    },

    async painPoints(site: Site, journey: JourneyDefinition, q: Query, now: number): Promise<PainPoints> {
      const base = journeyBase(site, journey, q, now, { indexed: indexed(site, journey) });
      const cv = [
        // Per session and stage it reached, its last hit in any later stage.
        `lsafter as (select sid, stage, max(lord) over (partition by sid order by stage desc rows between unbounded preceding and 1 preceding) as lord from laststage)`,
        // Converted: a hit of the goal, or else of a later stage, at or after the first hit.
        `cv as (select f.sid, f.tp, coalesce((ti.goal is not null and g.lord >= f.ord) or (ti.goal is null and la.lord >= f.ord), false) as conv
               from first f join tpinfo ti using (tp)
               left join first g on g.sid = f.sid and g.tp = ti.goal left join lsafter la on la.sid = f.sid and la.stage = ti.stage)`,
        `aff as (select distinct sid, tp, kind, sel from sigatt)`,
      ];
      const rows = await parts(run, base, cv, {
        pairs: `select a.tp, a.kind, null::varchar as sel, count(distinct a.sid) as affected, count(distinct a.sid) filter (where cv.conv) as converted from aff a join cv using (sid, tp) group by a.tp, a.kind
           union all
           select a.tp, a.kind, a.sel, count(distinct a.sid), count(distinct a.sid) filter (where cv.conv) from aff a join cv using (sid, tp) where a.sel is not null group by a.tp, a.kind, a.sel`,
        reach: `select tp, count(*) as reached, count(*) filter (where conv) as converted from cv group by tp`,
        elements: `select tp, kind, sel, count(*) as n from sigatt where sel is not null group by tp, kind, sel`,
        exits: `select a.tp, a.kind, a.sel, grouping(a.sel) as whole, e.url, count(distinct a.sid) as n
           from aff a join cv using (sid, tp) join exitp e using (sid) where not cv.conv and e.url is not null
           group by grouping sets ((a.tp, a.kind, e.url), (a.tp, a.kind, a.sel, e.url))`,
        orders: `select avg(json_extract(data, '$.props.value')::double) as mean from je
           where k = 'track' and json_extract_string(data, '$.name') = 'purchase' and json_type(json_extract(data, '$.props.value')) in ('BIGINT', 'UBIGINT', 'DOUBLE')`,
      });
      return painPointsOf(rows, funnelEnds(journey));
    },
  };
}

import type { FunnelReport, JourneyDefinition, PainPoints, StageReport, Weights } from '@touchmap/journey';
import type { ClickHouse } from './clickhouse-connection.ts';
import { chJourneyBase } from './clickhouse-journey-base.ts';
import { inList, int, lit } from './clickhouse-literal.ts';
import { qcont } from './clickhouse-reads.ts';
import { funnelReportOf, journeyMapOf, painPointsOf, type Row } from './journey-report.ts';
import type { Query, Site } from './store.ts';

/** Sums `value` of rows by the columns `by` (rows with a null in them left out), as rows of `by` and `as`. */
function regroup(rows: Row[], by: string[], value: string, as: string): Row[] {
  const out = new Map<string, Row>();
  for (const r of rows) {
    if (by.some((k) => r[k] == null)) continue;
    const key = JSON.stringify(by.map((k) => r[k]));
    const o = out.get(key) ?? Object.fromEntries([...by.map((k) => [k, r[k]]), [as, 0]]);
    o[as] = Number(o[as]) + Number(r[value]);
    out.set(key, o);
  }
  return [...out.values()];
}

/**
 * The journey queries on ClickHouse (clickhouse-journey-base.ts builds the shared part): the
 * DuckDB store's (duckdb-journey.ts), answer for answer, shaped by the same journey-report.ts.
 * Each query is a few statements run side by side — 18.16 cannot share a subquery between the
 * parts of one statement, so one statement would compute the base as often anyway.
 */
export function createClickHouseJourneyQueries(ch: ClickHouse) {
  return {
    async funnel(site: Site, journey: JourneyDefinition, funnelId: string, q: Query, now: number): Promise<FunnelReport | undefined> {
      const funnel = journey.funnels.find((f) => f.id === funnelId);
      if (!funnel) return undefined;
      const b = chJourneyBase(site, journey, q, now);
      const N = funnel.steps.length;
      const steps = funnel.steps.map((s) => b.number.get(s)!);
      // Per session, the hits of the funnel's touchpoints sorted by (t, id); step k is reached
      // by the first hit of its touchpoint at or after the hit that reached step k − 1: `i{k}`
      // is its position (0: not reached), `h{k}` the hit.
      const reach = [`arrayFirstIndex(h -> h.3 = ${int(steps[0]!)}, hs) as i0`, 'hs[i0] as h0'];
      for (let k = 1; k < N; k++) {
        reach.push(`if(i${k - 1} = 0, 0, arrayFirstIndex((h, c) -> h.3 = ${int(steps[k]!)} and (h.1, h.2) >= c, hs, replicate((h${k - 1}.1, h${k - 1}.2), hs))) as i${k}`, `hs[i${k}] as h${k}`);
      }
      const chain = `(select * from (select sid, ${reach.join(', ')}
                        from (select sid, arraySort(groupArray((t, id, tpi))) as hs from ${b.hits} where tpi in ${inList(steps)} group by sid) where i0 > 0) as c
                      all inner join (select sid, ended from ${b.sess}) as s using sid)`;
      const ks = Array.from({ length: N }, (_, k) => k);
      const stats = ks.flatMap((k) => [
        `countIf(i${k} > 0) as r${k}`,
        ...(k < N - 1
          ? [`countIf(i${k} > 0 and i${k + 1} = 0 and ended) as a${k}`, `arraySort(groupArrayIf(toInt64(h${k + 1}.1) - toInt64(h${k}.1), i${k + 1} > 0)) as d${k}`, `${qcont(`d${k}`, 0.5)} as m${k}`]
          : []),
      ]);
      // Sessions that ended after reaching step k and not k + 1 (abandoned at k), with the hit
      // that reached k: what follows it is the abandonment's evidence.
      const reached = ks.map((k) => `(i${k} > 0)`).join(' + ');
      const ab = `(select sid, toUInt32(n - 1) as step, hit.1 as at_t, hit.2 as at_id
                   from (select sid, ${reached} as n, [${ks.map((k) => `h${k}`).join(', ')}][n] as hit from ${chain} where ended and n < ${int(N)}))`;
      const [counts, fields, signals, exits] = await Promise.all([
        ch.rows(`select ${stats.join(', ')} from ${chain}`),
        ch.rows(`select 'field' as what, step, lsel as a, count() as n
                 from ${ab} as ab all inner join (select sid, argMax(assumeNotNull(sel), (t, id)) as lsel from ${b.events(['field'], 'isNotNull(sel)')} group by sid) as lf using sid
                 group by step, lsel`),
        ch.rows(`select 'signal' as what, step, kind as a, sel as b, count() as n from ${b.sig} as s all inner join ${ab} as ab using sid where (t, id) >= (at_t, at_id) group by step, kind, sel`),
        ch.rows(`select 'exit' as what, step, url as a, count() as n from ${ab} as ab all inner join ${b.exitp} as e using sid group by step, url`),
      ]);
      return funnelReportOf(funnel, { counts: counts[0]!, evidence: [...fields, ...signals, ...exits] });
    },

    async journeyMap(site: Site, journey: JourneyDefinition, q: Query, now: number, weights: Weights = {}): Promise<{ sessions: number; stages: StageReport[] }> {
      const b = chJourneyBase(site, journey, q, now, weights);
      const { A } = b;
      // Where a survey answer was given: the first touchpoint (in definition order) named by it.
      const places = new Map<string, number>();
      for (const t of journey.touchpoints) {
        for (const at of [t.match.touchpoint, t.match.step, t.id]) if (at !== undefined && !places.has(at)) places.set(at, journey.stages.findIndex((s) => s.id === t.stage));
      }
      const [tps, attached, stages, stageFriction, answers, total] = await Promise.all([
        ch.rows(`select ${A.id}[tpi] as tp, count() as reach, countIf(went_on) as went from ${b.sf} group by tpi`),
        ch.rows(`select ${A.id}[tpi] as tp, kind, sel, count() as n, sum(${b.weight('kind')}) as w from ${b.sigatt} group by tpi, kind, sel`),
        // Per session and stage reached: from its first touchpoint there, did it go on to the
        // later stage, reach a funnel goal of this stage, hit a signal attached here.
        ch.rows(`select stage, count() as sessions, countIf(mv) as moved, countIf(mv or done) as progressed, countIf(has(hurtIn, stage)) as hurt
                 from (select sid, stage, sfo,
                              arrayExists((x, c) -> ${A.stage}[x.2] = ${A.stageLater}[c.1 + 1] and x.3 >= c.2, es, replicate((stage, sfo), es)) as mv,
                              arrayExists((x, s) -> ${A.isGoal}[x.2] = 1 and ${A.stage}[x.2] = s, es, replicate(stage, es)) as done
                       from (select sid, es, stage, arrayFirst((x, s) -> ${A.stage}[x.2] = s, es, replicate(stage, es)).1 as sfo
                             from (select sid, es, arrayJoin(arrayDistinct(arrayMap(x -> ${A.stage}[x.2], es))) as stage from ${b.reached}))) as r
                 all left join (select sid, groupUniqArray(${A.stage}[tpi]) as hurtIn from ${b.sigatt} group by sid) as h using sid
                 group by stage`),
        // A signal attached to several touchpoints of one stage weighs once there.
        ch.rows(`select stage, sum(${b.weight('kind')}) as w from (select id, kind, ${A.stage}[tpi] as stage from ${b.sigatt} where ${b.weighted('kind')} group by id, kind, stage) group by stage`),
        places.size
          ? ch.rows(`select ${lit([...places.values()])}[indexOf(${lit([...places.keys()])}, assumeNotNull(at))] as stage, avg((assumeNotNull(v) - 3) / 2) as score, count() as n
                     from ${b.events(['survey'], `isNotNull(v) and ifNull(at in ${inList([...places.keys()])}, 0)`)} group by stage`)
          : [],
        ch.rows(`select count() as n from ${b.sess}`),
      ]);
      return journeyMapOf(journey, {
        tps,
        tpFriction: regroup(attached, ['tp'], 'w', 'w'),
        tpSignals: regroup(attached, ['tp', 'kind'], 'n', 'n'),
        tpElements: regroup(attached, ['tp', 'sel'], 'n', 'n'),
        stages,
        stageFriction,
        answers,
        total,
      });
    },

    async painPoints(site: Site, journey: JourneyDefinition, q: Query, now: number): Promise<PainPoints> {
      const b = chJourneyBase(site, journey, q, now);
      const { A } = b;
      // Sessions affected by a (touchpoint, kind, element), and whether they converted from that touchpoint.
      const affected = `(select sid, tpi, kind, sel, conv from (select sid, tpi, kind, sel from ${b.sigatt} group by sid, tpi, kind, sel) as a
                         all inner join (select sid, tpi, conv from ${b.sf}) as c using (sid, tpi))`;
      // Each row twice: for its element (whole = 0) and for the whole kind (whole = 1, sel NULL).
      const both = (from: string) => `(select *, arrayJoin([1, 0]) as whole from ${from}) where whole = 1 or isNotNull(sel)`;
      const [pairs, reach, elements, exits, orders] = await Promise.all([
        ch.rows(`select tp, kind, s as sel, affected, converted from (
                   select ${A.id}[tpi] as tp, kind, whole, if(whole = 1, NULL, sel) as s, uniqExact(sid) as affected, uniqExactIf(sid, conv) as converted
                   from ${both(affected)} group by tpi, kind, whole, s)`),
        ch.rows(`select ${A.id}[tpi] as tp, count() as reached, countIf(conv) as converted from ${b.sf} group by tpi`),
        ch.rows(`select ${A.id}[tpi] as tp, kind, sel, count() as n from ${b.sigatt} where isNotNull(sel) group by tpi, kind, sel`),
        ch.rows(`select tp, kind, s as sel, whole, url, n from (
                   select ${A.id}[tpi] as tp, kind, whole, if(whole = 1, NULL, sel) as s, url, uniqExact(sid) as n
                   from ${both(`(select sid, tpi, kind, sel from ${affected} where not conv) as a all inner join ${b.exitp} as e using sid`)}
                   group by tpi, kind, whole, s, url)`),
        ch.rows(`select if(count() > 0, avg(assumeNotNull(v)), NULL) as mean from ${b.events(['track'], `ifNull(name = 'purchase', 0) and isNotNull(v)`)}`),
      ]);
      return painPointsOf({ pairs, reach, elements, exits, orders });
    },
  };
}

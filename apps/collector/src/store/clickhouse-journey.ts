import type { FunnelReport, JourneyDefinition, PainPoints, StageReport, Weights } from '@touchmap/journey';
import type { ClickHouse, Row } from './clickhouse-connection.ts';
import { chJourneyBase } from './clickhouse-journey-base.ts';
import { inList, int, lit } from './clickhouse-literal.ts';
import { qcont } from './clickhouse-reads.ts';
import { funnelReportOf, journeyMapOf, painPointsOf } from './journey-report.ts';
import { funnelEnds } from './journey-next.ts';
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
 * A fact as a tuple of fixed types — (tag, key, kind or text, selector, three flags or counts,
 * a number) — so the facts of every sort concatenate into one array per session.
 */
const fact = (tag: number, key: string, text: string, sel: string, f1: string, f2: string, f3: string, x: string) =>
  `tuple(toUInt8(${int(tag)}), toUInt32(${key}), toString(${text}), CAST(${sel} AS Nullable(String)), toUInt8(${f1}), toUInt8(${f2}), toUInt8(${f3}), toFloat64(${x}))`;
/** Flattens an array of arrays (18.16 has no arrayFlatten). */
const flat = (arrays: string) => `arrayReduce('groupArrayArray', ${arrays})`;
/** Each session's facts (an array expression over `sessions()`' columns), counted by tag and key. */
const tally = (facts: string, from: string) =>
  `select f.1 as tag, f.2 as x, f.3 as txt, f.4 as s, count() as c, sum(f.5) as n1, sum(f.6) as n2, sum(f.7) as n3, sum(f.8) as w
   from (select arrayJoin(${facts}) as f from ${from}) group by tag, x, txt, s`;

/**
 * The journey queries on ClickHouse: the DuckDB store's (duckdb-journey.ts), answer for answer,
 * shaped by the same journey-report.ts. Each is one statement over every session's arrays
 * (clickhouse-journey-base.ts `sessions()`): per session, its facts — a touchpoint reached and
 * whether it went on, a signal attached to a touchpoint, a funnel step reached — computed with
 * array functions, then counted by kind and key; survey answers and order values are a second,
 * small statement beside it.
 */
export function createClickHouseJourneyQueries(ch: ClickHouse) {
  return {
    async funnel(site: Site, journey: JourneyDefinition, funnelId: string, q: Query, now: number): Promise<FunnelReport | undefined> {
      const funnel = journey.funnels.find((f) => f.id === funnelId);
      if (!funnel) return undefined;
      const b = chJourneyBase(site, journey, q, now);
      const N = funnel.steps.length;
      const steps = funnel.steps.map((s) => b.number.get(s)!);
      // Per session, over its hits sorted by (t, id): step k is reached by the first hit of its
      // touchpoint at or after the hit that reached step k − 1: `i{k}` is its position (0: not
      // reached), `h{k}` the hit; `n` how many steps it reached.
      const reach = [`arrayFirstIndex(h -> h.3 = ${int(steps[0]!)}, hs) as i0`, 'hs[i0] as h0'];
      for (let k = 1; k < N; k++) {
        reach.push(`if(i${k - 1} = 0, 0, arrayFirstIndex((h, c) -> h.3 = ${int(steps[k]!)} and (h.1, h.2) >= c, hs, replicate((h${k - 1}.1, h${k - 1}.2), hs))) as i${k}`, `hs[i${k}] as h${k}`);
      }
      const ks = Array.from({ length: N }, (_, k) => k);
      // Abandoned: ended after reaching step n − 1 and not n; what follows the hit that reached
      // it (`at`) is the abandonment's evidence: the last field, the signals, the exit page.
      const chain = `(select *, ${ks.map((k) => `(i${k} > 0)`).join(' + ')} as n, ended and n < ${int(N)} as ab, [${ks.map((k) => `h${k}`).join(', ')}][n] as at
                      from (select sid, ended, xurl, hasx, sg, lsel, haslf, ${reach.join(', ')} from ${b.sessions({ lastField: true })}) where i0 > 0)`;
      const after = `arrayFilter((g, a, y) -> y and (g.1, g.2) >= (a.1, a.2), sg, replicate(at, sg), replicate(ab, sg))`;
      const stepFacts = ks.map((k) =>
        fact(1, String(k), "''", 'NULL', `i${k} > 0`, `ab and n = ${int(k + 1)}`, k < N - 1 ? `i${k + 1} > 0` : '0', k < N - 1 ? `toInt64(h${k + 1}.1) - toInt64(h${k}.1)` : '0'),
      );
      const facts = `arrayFilter(f -> f.5 = 1, arrayConcat([${stepFacts.join(', ')}],
          [${fact(2, 'n - 1', 'lsel', 'NULL', 'ab and haslf', '0', '0', '0')}, ${fact(4, 'n - 1', 'xurl', 'NULL', 'ab and hasx', '0', '0', '0')}],
          arrayMap((g, st) -> ${fact(3, 'st', 'g.5', 'g.4', '1', '0', '0', '0')}, ${after}, replicate(n - 1, ${after}))))`;
      // A step's fact (1): f.5 reached it, f.6 abandoned there, f.7 went on to the next step, f.8
      // after how many ms. Evidence (2 field, 3 signal, 4 exit page): f.5 abandoned with it.
      const rows = await ch.rows(
        `select tag, x, txt, s, count() as c, sum(f.6) as a, arraySort(groupArrayIf(f.8, f.7 = 1)) as ds, ${qcont('ds', 0.5)} as m
         from (select arrayJoin(${facts}) as f, f.1 as tag, f.2 as x, f.3 as txt, f.4 as s from ${chain}) group by tag, x, txt, s`,
      );
      const counts: Row = {};
      for (const r of rows.filter((r) => Number(r.tag) === 1)) Object.assign(counts, { [`r${r.x}`]: r.c, [`a${r.x}`]: r.a, [`m${r.x}`]: r.m });
      const what = ['', '', 'field', 'signal', 'exit'];
      const evidence = rows.filter((r) => Number(r.tag) > 1).map((r) => ({ what: what[Number(r.tag)], step: r.x, a: r.txt, b: r.s, n: r.c }));
      return funnelReportOf(funnel, { counts, evidence });
    },

    async journeyMap(site: Site, journey: JourneyDefinition, q: Query, now: number, weights: Weights = {}): Promise<{ sessions: number; stages: StageReport[] }> {
      const b = chJourneyBase(site, journey, q, now, weights);
      const { A } = b;
      // Per session: one fact for itself (0), per touchpoint reached (1: did it go on — to the
      // next funnel step, else to the later stage — at or after its first hit), per stage reached
      // (3: from its first touchpoint there, did it move on to the later stage, reach a funnel
      // goal of the stage, hit a signal attached there), per signal and touchpoint it is
      // attached to (2, with its weight), per signal and stage (4: a signal attached to several
      // touchpoints of one stage weighs once there).
      const went = `arrayExists(x -> (${A.next}[e.2] > 0 and x.2 = ${A.next}[e.2] or ${A.next}[e.2] = 0 and ${A.stage}[x.2] = ${A.later}[e.2]) and x.3 >= e.1, ee)`;
      const moved = `arrayExists(e -> ${A.stage}[e.2] = ${A.stageLater}[st + 1] and e.3 >= arrayFirst(f -> ${A.stage}[f.2] = st, ee).1, ee)`;
      const done = `arrayExists(e -> ${A.isGoal}[e.2] = 1 and ${A.stage}[e.2] = st, ee)`;
      const hurt = `arrayExists(a -> arrayExists(x -> ${A.stage}[x] = st, a.5), aa)`;
      const facts = `arrayConcat([${fact(0, '0', "''", 'NULL', '0', '0', '0', '0')}],
          arrayMap((e, ee) -> ${fact(1, 'e.2', "''", 'NULL', went, '0', '0', '0')}, es, replicate(es, es)),
          arrayMap((st, ee, aa) -> ${fact(3, 'st', "''", 'NULL', moved, `${moved} or ${done}`, hurt, '0')}, stages, replicate(es, stages), replicate(att, stages)),
          ${flat(`arrayMap(a -> arrayMap(t -> ${fact(2, 't', 'a.4', 'a.3', '0', '0', '0', b.weight('a.4'))}, a.5), att)`)},
          ${flat(`arrayMap(a -> arrayMap(st -> ${fact(4, 'st', 'a.4', 'NULL', '0', '0', '0', b.weight('a.4'))}, arrayDistinct(arrayMap(x -> ${A.stage}[x], a.5))), arrayFilter(a -> ${b.weighted('a.4')}, att))`)})`;
      // Where a survey answer was given: the first touchpoint (in definition order) named by it.
      const places = new Map<string, number>();
      for (const t of journey.touchpoints) {
        for (const at of [t.match.touchpoint, t.match.step, t.id]) if (at !== undefined && !places.has(at)) places.set(at, journey.stages.findIndex((s) => s.id === t.stage));
      }
      const [rows, answers] = await Promise.all([
        ch.rows(tally(facts, `(select es, att, arrayDistinct(arrayMap(e -> ${A.stage}[e.2], es)) as stages from ${b.sessions({ exitPage: false })})`)),
        places.size
          ? ch.rows(`select ${lit([...places.values()])}[indexOf(${lit([...places.keys()])}, assumeNotNull(at))] as stage, avg((assumeNotNull(v) - 3) / 2) as score, count() as n
                     from ${b.events(['survey'], `isNotNull(v) and ifNull(at in ${inList([...places.keys()])}, 0)`)} group by stage`)
          : [],
      ]);
      const tagged = (tag: number) => rows.filter((r) => Number(r.tag) === tag);
      const tp = (r: Row) => journey.touchpoints[Number(r.x) - 1]!.id;
      const attached = tagged(2).map((r) => ({ tp: tp(r), kind: r.txt, sel: r.s, n: r.c, w: r.w }));
      return journeyMapOf(journey, {
        tps: tagged(1).map((r) => ({ tp: tp(r), reach: r.c, went: r.n1 })),
        tpFriction: regroup(attached, ['tp'], 'w', 'w'),
        tpSignals: regroup(attached, ['tp', 'kind'], 'n', 'n'),
        tpElements: regroup(attached, ['tp', 'sel'], 'n', 'n'),
        stages: tagged(3).map((r) => ({ stage: r.x, sessions: r.c, moved: r.n1, progressed: r.n2, hurt: r.n3 })),
        stageFriction: regroup(tagged(4).map((r) => ({ stage: r.x, w: r.w })), ['stage'], 'w', 'w'),
        answers,
        total: [{ n: tagged(0)[0]?.c ?? 0 }],
      });
    },

    async painPoints(site: Site, journey: JourneyDefinition, q: Query, now: number): Promise<PainPoints> {
      const b = chJourneyBase(site, journey, q, now);
      const { A } = b;
      // Per session: whether it converted from each touchpoint it reached — to its funnel's
      // goal, else to any later stage, at or after its first hit (1); per (touchpoint, kind,
      // element) it was hurt by, and per (touchpoint, kind), once, with that (2), and with its
      // exit page when it did not convert (4); per signal attached to a touchpoint, its element (3).
      const conv = `arrayExists(x -> (${A.goal}[e.2] > 0 and x.2 = ${A.goal}[e.2] or ${A.goal}[e.2] = 0 and ${A.stage}[x.2] > ${A.stage}[e.2]) and x.3 >= e.1, ee)`;
      const cvOf = (tpi: string) => `arrayFirst(c -> c.1 = ${tpi}, cc).2`;
      const facts = `arrayConcat(
          arrayMap(c -> ${fact(1, 'c.1', "''", 'NULL', '0', 'c.2', '0', '0')}, cvs),
          arrayMap((d, cc) -> ${fact(2, 'd.1', 'd.2', 'd.3', '0', cvOf('d.1'), '0', '0')}, onEl, replicate(cvs, onEl)),
          arrayMap((d, cc) -> ${fact(2, 'd.1', 'd.2', 'NULL', '1', cvOf('d.1'), '0', '0')}, whole, replicate(cvs, whole)),
          ${flat(`arrayMap(a -> arrayMap(t -> ${fact(3, 't', 'a.4', 'a.3', '0', '0', '0', '0')}, a.5), arrayFilter(a -> isNotNull(a.3), att))`)},
          arrayMap((d, cc) -> ${fact(4, 'd.1', 'd.2', 'd.3', '0', cvOf('d.1'), '0', '0')}, onEl, replicate(cvs, onEl)),
          arrayMap((d, cc) -> ${fact(4, 'd.1', 'd.2', 'NULL', '1', cvOf('d.1'), '0', '0')}, whole, replicate(cvs, whole)))`;
      const from = `(select *, arrayDistinct(arrayMap(d -> (d.1, d.2), aff)) as whole, arrayFilter(d -> isNotNull(d.3), aff) as onEl from (
          select hasx, xurl, att, arrayMap((e, ee) -> (e.2, ${conv}), es, replicate(es, es)) as cvs,
                 arrayDistinct(${flat(`arrayMap(a -> arrayMap(t -> (t, a.4, a.3), a.5), att)`)}) as aff
          from ${b.sessions()}))`;
      const [rows, orders] = await Promise.all([
        ch.rows(`select f.1 as tag, f.2 as x, f.3 as txt, f.4 as s, f.5 as whole, if(f.1 = 4, xurl, '') as url, count() as c, sum(f.6) as conv
                 from (select arrayJoin(${facts}) as f, xurl, hasx from ${from}) where f.1 != 4 or (hasx and f.6 = 0)
                 group by tag, x, txt, s, whole, url`),
        ch.rows(`select if(count() > 0, avg(assumeNotNull(v)), NULL) as mean from ${b.events(['track'], `ifNull(name = 'purchase', 0) and isNotNull(v)`)}`),
      ]);
      const tagged = (tag: number) => rows.filter((r) => Number(r.tag) === tag);
      const tp = (r: Row) => journey.touchpoints[Number(r.x) - 1]!.id;
      return painPointsOf({
        pairs: tagged(2).map((r) => ({ tp: tp(r), kind: r.txt, sel: Number(r.whole) ? null : r.s, affected: r.c, converted: r.conv })),
        reach: tagged(1).map((r) => ({ tp: tp(r), reached: r.c, converted: r.conv })),
        elements: tagged(3).map((r) => ({ tp: tp(r), kind: r.txt, sel: r.s, n: r.c })),
        exits: tagged(4).map((r) => ({ tp: tp(r), kind: r.txt, sel: Number(r.whole) ? null : r.s, whole: r.whole, url: r.url, n: r.c })),
        orders,
      }, funnelEnds(journey));
    },
  };
}

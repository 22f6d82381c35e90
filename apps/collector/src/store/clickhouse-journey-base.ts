import { patternRegex, SIGNAL_WEIGHTS, type JourneyDefinition, type Weights } from '@touchmap/journey';
import { inList, int, lit, type Literal } from './clickhouse-literal.ts';
import { chScope } from './clickhouse-scope.ts';
import { funnelLinks, laterStages } from './journey-next.ts';
import { SESSION_IDLE_MS } from './journey-sql.ts';
import type { Query, Site } from './store.ts';

/** Friction kinds stored as events of their own (the DuckDB store's `signals` table). */
const SIGNAL_EVENTS = ['rage', 'errclick', 'dead', 'err', 'uturn', 'disabled', 'thrash', 'xscroll'] as const;
/** What the DuckDB store's `journey_events` table holds: the kinds the model reads besides clicks and signals. */
const JOURNEY_EVENTS = ['pv', 'tp', 'track', 'step', 'field', 'vital', 'survey', 'end'] as const;

/** An array literal of numbers (typed when empty: `[]` has no element type to compare with). */
const nums = (xs: number[]) => (xs.length ? `[${xs.map(int).join(', ')}]` : 'emptyArrayInt32()');
/** 1 when a Nullable column equals a value, 0 when it does not or is NULL. */
const eq = (col: string, value: Literal) => `ifNull(${col} = ${lit(value)}, 0)`;
/** The touchpoints (1-based numbers) among `cases` (`[condition, number]`) whose condition holds, as Array(UInt32). */
const which = (cases: [string, number][]) =>
  cases.length ? `arrayFilter(x -> x > 0, [${cases.map(([when, n]) => `toUInt32(if(${when}, ${int(n)}, 0))`).join(', ')}])` : 'emptyArrayUInt32()';

/**
 * The per-session base every journey query on ClickHouse starts from, generated from a journey
 * definition: journey-sql.ts (the DuckDB store's base) in the SQL both ClickHouse 18.16 and the
 * modern engine accept. 18.16 has no CTEs, no window functions and no ASOF join, so instead of
 * DuckDB's joins between hits, signals and sessions, each session's events are grouped once into
 * arrays (`sessions()`), and what DuckDB joins for — the touchpoint hit last before a signal,
 * whether a session went on from a touchpoint — is found in them with array functions. Every
 * value reaches the SQL through clickhouse-literal.ts.
 *
 * Touchpoints are numbered 1… in definition order (`tpi`; DuckDB's `tpinfo.i` + 1), and their
 * facts are array literals indexed by that number (`A`): `stage` (0-based), `next` funnel step
 * (0: none), `later` stage with touchpoints (−1: none), funnel `goal` (0: none). An event's place
 * in its session is the tuple (t, id): time, then id, as DuckDB's `ord`.
 *
 *   scope      page views in the query's page/segment scope (pvh, sid, url)
 *   pvtps      per page view of the scope, the touchpoints whose URL pattern its URL matches (pvh, ptps)
 *   namedHits  touchpoints reached by clicks and named events (sid, t, id, pvh, tpi)
 *   sig        friction signals, their kind as the model names it (sid, t, id, pvh, sel, kind)
 *   grouped    per session (sid): ended (an `end` event, or idle for 30 minutes before `now`),
 *              xpvh (its last page view), hs (hits), sg (signals)
 *   sessions() that with the exit page and per-session facts (see there)
 *
 * Measured (bench/collector/seed.ts's site built in ClickHouse SQL, 18.16, 2 cores, warm,
 * 2026-11-23): a first version of joins between these parts, as DuckDB does, took ~10 s a query
 * at 10M events (18.16 computes a subquery again at each use, and each statement used the hits
 * 3–8 times). Grouped once per session: funnel / map / pain points 290 / 270 / 330 ms at 1M
 * events, 1.3 / 1.5 / 1.6 s at 10M (DuckDB there: 360 / 620 / 630 ms, bench/README.md). At 10M
 * `grouped` is ~0.6 s (finding the touchpoint's clicks among 8M reads every click's `sel`,
 * 0.2 s), building its arrays ~0.4 s, the per-session facts ~0.2 s. Events are read without
 * FINAL (a repeat changes no first, last or max, and signals are kept once per session by
 * groupUniqArray): FINAL was 3–7× the scan.
 */
export function chJourneyBase(site: Site, journey: JourneyDefinition, q: Query, now: number, weights: Weights = {}) {
  const S = lit(site.id);
  const inRange = `site = ${S} and t between ${lit(q.from)} and ${lit(q.to)}`;
  const tps = journey.touchpoints;
  const number = new Map(tps.map((t, i) => [t.id, i + 1]));
  const stageIndex = new Map(journey.stages.map((s, i) => [s.id, i]));
  const later = laterStages(journey);
  const stageOf = tps.map((t) => stageIndex.get(t.stage)!);
  const { next, goal } = funnelLinks(journey);
  const goals = new Set(journey.funnels.map((f) => f.steps[f.steps.length - 1]!));
  const A = {
    stage: nums(stageOf),
    next: nums(tps.map((t) => number.get(next.get(t.id)!) ?? 0)),
    later: nums(stageOf.map((s) => later[s]!)),
    goal: nums(tps.map((t) => number.get(goal.get(t.id)!) ?? 0)),
    /** 1 for a touchpoint that ends a funnel (it completes its own stage). */
    isGoal: nums(tps.map((t) => (goals.has(t.id) ? 1 : 0))),
    /** Per stage (1-based here), the later stage with touchpoints. */
    stageLater: nums(later),
  };

  // A lambda gets what it needs from outside as arguments (`replicate(x, arr)`), never by naming
  // an outer column: 18.16 drops a column from a subquery when only a lambda names it
  // ("Unknown identifier").
  const narrowing = chScope(site.id, q);
  const scope = `(select pvh, sid, url from pageviews final where site = ${S}${narrowing})`;
  // Server-side events (POST /v1/events: a support ticket, an e-mail) have no page view: they
  // count whole, or — when the query narrows page views — for the sessions it keeps.
  const inScope = narrowing
    ? `(pvh in (select pvh from ${scope}) or (pvh not in (select pvh from pageviews where site = ${S}) and sid in (select sid from ${scope})))`
    : '1';
  /**
   * Events of some kinds in the range and scope, with the columns journey queries read:
   * deduplicated, or with `repeats` as stored — a retried event may be there twice until a merge
   * — for uses that only ask first, last or whether any (hits, sessions), where FINAL was most of
   * the cost (clicks on one element of 750k, 1M events: 147 ms with FINAL, 20 without).
   */
  const events = (kinds: readonly string[], where = '1', repeats = false) =>
    `(select sid, t, id, k, pvh, sel, tp, name, a, r, at, v from events${repeats ? '' : ' final'} where ${inRange} and k in ${inList(kinds)} and ${where} and ${inScope})`;

  // URL rules are matched once per distinct URL of the scope, not once per page view, on its
  // page path (pagePath in @touchmap/journey: the path, and a hash router's route after `#`).
  const urlRules = tps.flatMap((t, i): [string, number][] => (t.match.url !== undefined ? [[`match(p, ${lit(patternRegex(t.match.url))})`, i + 1]] : []));
  const pvtps = urlRules.length
    ? `(select pvh, ptps from (select pvh, url from ${scope}) as s
        all inner join (select url, ${which(urlRules)} as ptps
                        from (select url, splitByChar('#', splitByChar('?', url)[1])[1] as p0, if(p0 = '', '/', p0) as p1,
                                     extract(url, '^[^#]*#!?(/[^?]+)') as r, if(r = '', p1, concat(p1, if(endsWith(p1, '/'), '#', '/#'), r)) as p
                              from (select distinct url from ${scope})))
        as u using url where notEmpty(ptps))`
    : `(select toUInt64(0) as pvh, emptyArrayUInt32() as ptps from system.one where 0)`;

  // Clicks on touchpoint elements (`selector`, or `touchpoint` through data-touchpoint) and
  // named events (`touchpoint`, `track`, `step` — a step's name is "funnel:step").
  const selectors = tps.flatMap((t) => (t.match.selector !== undefined ? [t.match.selector] : []));
  const tpNames = tps.flatMap((t) => (t.match.touchpoint !== undefined ? [t.match.touchpoint] : []));
  const clickWhen = [...(selectors.length ? [`ifNull(sel in ${inList(selectors)}, 0)`] : []), ...(tpNames.length ? [`ifNull(tp in ${inList(tpNames)}, 0)`] : [])];
  const clickOn = clickWhen.length ? `(${clickWhen.join(' or ')})` : '0';
  const eventRules = tps.flatMap((t, i): [string, number][] => {
    const m = t.match;
    const click = [...(m.selector !== undefined ? [eq('sel', m.selector)] : []), ...(m.touchpoint !== undefined ? [eq('tp', m.touchpoint)] : [])];
    const when = [
      ...(click.length ? [`k = 'click' and (${click.join(' or ')})`] : []),
      ...([['tp', m.touchpoint], ['track', m.track], ['step', m.step]] as const).flatMap(([k, name]) => (name !== undefined ? [`k = '${k}' and ${eq('name', name)}`] : [])),
    ];
    return when.length ? [[when.map((w) => `(${w})`).join(' or '), i + 1]] : [];
  });
  const names = tps.flatMap((t) => [t.match.touchpoint, t.match.track, t.match.step].filter((x): x is string => x !== undefined));
  const eventWhen = [...(clickWhen.length ? [`k = 'click' and ${clickOn}`] : []), ...(names.length ? [`k in ('tp', 'track', 'step') and ifNull(name in ${inList(names)}, 0)`] : [])];
  // …one row per event and touchpoint it reaches (as stored: a repeat changes no first or last).
  const namedHits = eventRules.length
    ? `(select sid, t, id, pvh, arrayJoin(${which(eventRules)}) as tpi from ${events(['click', 'tp', 'track', 'step'], `(${eventWhen.map((w) => `(${w})`).join(' or ')})`, true)})`
    : undefined;

  // Friction events need a page view in scope; field and vital signals are read like the
  // journey events they are (DuckDB: `signals` and `journey_events`). As stored: `grouped`
  // keeps each session's distinct ones (a repeat is the same tuple), 3× cheaper than FINAL.
  const sig = `(select sid, t, id, pvh, sel, multiIf(k = 'field', concat('field-', assumeNotNull(a)), k = 'vital', 'slow-inp', k) as kind
    from events where ${inRange} and k in ${inList([...SIGNAL_EVENTS, 'field', 'vital'])}
      and ((k in ${inList(SIGNAL_EVENTS)} and pvh in (select pvh from ${scope}))
           or ((k = 'field' and ifNull(a in ('invalid', 'clear', 'refocus'), 0) or k = 'vital' and ifNull(name = 'INP' and r = 'poor', 0)) and ${inScope})))`;

  // Signals attached directly: to every touchpoint whose element they are on (unless its URL
  // pattern matches their page too: then once, by the page) and every touchpoint whose URL
  // pattern their page matches.
  const bySelector = tps.flatMap((t, i): [string, number][] =>
    t.match.selector !== undefined ? [[`${eq('sel', t.match.selector)}${t.match.url !== undefined ? ` and not has(ptps, ${int(i + 1)})` : ''}`, i + 1]] : [],
  );

  // A typed empty array of hits (t, id, tpi, pvh), and a row's signal (t, id, pvh, sel, kind,
  // direct) when it is none.
  const noHits = `arrayFilter(x -> 0, [(toUInt64(0), '', toUInt32(0), toUInt64(0))])`;
  const noSignal = `(toUInt64(0), '', toUInt64(0), CAST(NULL AS Nullable(String)), '', emptyArrayUInt32())`;
  // Every event DuckDB's journey base reads (its `seen`), grouped once by session: the journey
  // events (whether one ends the session, the last time, the last page view: the exit page);
  // page views with the touchpoints their URL matches (hits) and signals with those they are
  // attached to directly — one join with pvtps for both; clicks on touchpoint elements and
  // named events (hits). All as stored: a repeat changes no max, first or last, and a session's
  // signals are kept once each (a signal row is `k = ''`).
  const grouped = `(select sid, max(k = 'end') or max(t) < ${lit(now - SESSION_IDLE_MS)} as ended, argMaxIf(pvh, (t, id), k = 'pv') as xpvh,
        arraySort(groupArrayArray(h)) as hs, groupUniqArrayIf(g, k = '') as sg from (
      select sid, k, t, id, pvh, ${noHits} as h, ${noSignal} as g from events where ${inRange} and k in ${inList(JOURNEY_EVENTS)} and ${inScope}
      union all
      select sid, if(sig, '', 'hit'), t, id, pvh, if(sig, ${noHits}, arrayMap((x, c) -> (c.1, c.2, x, c.3), ptps, replicate((t, id, pvh), ptps))),
             (t, id, pvh, sel, kind, arrayConcat(${which(bySelector)}, ptps))
      from (select sid, t, id, pvh, CAST(NULL AS Nullable(String)) as sel, '' as kind, toUInt8(0) as sig from ${events(['pv'], '1', true)}
            union all select sid, t, id, pvh, sel, kind, toUInt8(1) from ${sig}) as r
      all left join ${pvtps} as u using pvh
      ${namedHits ? `union all select sid, 'hit', t, id, pvh, [(t, id, tpi, pvh)], ${noSignal} from ${namedHits}` : ''})
    group by sid)`;

  /**
   * One row per session read (sid), with what the journey queries need of it, computed once:
   *
   *   ended, hasx/xurl  whether it ended; whether it has an exit page, and its URL (`exitPage`)
   *   hs     its hits (t, id, tpi, pvh), sorted
   *   sg     its signals (t, id, pvh, sel, kind, touchpoints attached directly)
   *   tpis   the touchpoints it reached
   *   es     per touchpoint reached, ((t, id) of its first hit, tpi, (t, id) of its last), sorted
   *   att    per signal attached to a touchpoint it reached: (t, id, sel, kind, [tpi…]) —
   *          directly, or to the step the visitor was on: the touchpoint hit last at or before
   *          it in its page view (ties at one event: the later touchpoint in definition order),
   *          the first of the hits backwards in that page view that is not after it
   *   lsel/haslf  (with `lastField`) the selector of the last form field it touched
   */
  const sessions = ({ exitPage = true, lastField = false } = {}) => {
    // (The join with every page view of the scope costs 0.1–0.4 s at 10M events: only when asked.)
    const exits = exitPage
      ? `(select sid, ended, hs, sg, xurl, hasx from ${grouped} as s
          all left join (select pvh as xpvh, url as xurl, toUInt8(1) as hasx from ${scope}) as p using xpvh)`
      : `(select sid, ended, hs, sg, '' as xurl, toUInt8(0) as hasx from ${grouped})`;
    const lf = `(select sid, argMax(assumeNotNull(sel), (t, id)) as lsel, toUInt8(1) as haslf from ${events(['field'], 'isNotNull(sel)', true)} group by sid)`;
    const base = lastField ? `(select * from ${exits} as j all left join ${lf} as l using sid)` : exits;
    const extra = lastField ? ', lsel, haslf' : '';
    const first = (x: string, hh: string) => `(arrayFirst(h -> h.3 = ${x}, ${hh}).1, arrayFirst(h -> h.3 = ${x}, ${hh}).2)`;
    return `(select sid, ended, xurl, hasx, hs, sg, tpis${extra},
        arraySort(arrayMap((x, hh) -> (${first('x', 'hh')}, x, ${first('x', 'arrayReverse(hh)')}), tpis, replicate(hs, tpis))) as es,
        arrayMap((s, hh, tt) -> (s.1, s.2, s.4, s.5, arrayFilter(x -> x > 0 and has(tt, x),
                   if(empty(s.6), [arrayFirst(h -> h.4 = s.3 and (h.1, h.2) <= (s.1, s.2), arrayReverse(hh)).3], s.6))), sg, replicate(hs, sg), replicate(tpis, sg)) as att
      from (select *, arrayDistinct(arrayMap(h -> h.3, hs)) as tpis from ${base}))`;
  };

  const w = { ...SIGNAL_WEIGHTS, ...weights } as Record<string, number>;
  const kinds = Object.keys(w);
  /** A signal kind's weight (0 for a kind without one: `weighted` says which have one). */
  const weight = (kind: string) => `[${kinds.map((k) => `toFloat64(${lit(Number(w[k]))})`).join(', ')}][indexOf(${lit(kinds)}, ${kind})]`;
  const weighted = (kind: string) => `has(${lit(kinds)}, ${kind})`;

  return { A, number, events, sessions, weight, weighted };
}

export type ChJourneyBase = ReturnType<typeof chJourneyBase>;

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
 * The subqueries every journey query on ClickHouse starts from, generated from a journey
 * definition: journey-sql.ts (the DuckDB store's base) in the SQL both ClickHouse 18.16 and the
 * modern engine accept. 18.16 has no CTEs, so each part is a parenthesised subquery that later
 * parts embed (ClickHouse computes it again at each use), and no window functions or ASOF join,
 * so what DuckDB does with them is done per session or page view on sorted arrays. Every value
 * reaches the SQL through clickhouse-literal.ts.
 *
 * Touchpoints are numbered 1… in definition order (`tpi`; DuckDB's `tpinfo.i` + 1), and their
 * facts are array literals indexed by that number: `stage` (0-based), `next` funnel step (0:
 * none), `later` stage with touchpoints (−1: none), funnel `goal` (0: none). An event's place in
 * its session is the tuple (t, id): time, then id, as DuckDB's `ord`.
 *
 *   scope   page views in the query's page/segment scope (pvh, sid, url)
 *   pvtps   per page view of the scope, the touchpoints whose URL pattern its URL matches (pvh, ptps)
 *   hits    touchpoints reached: (sid, t, id, pvh, tpi)
 *   sig     friction signals with their kind as the model names it: (sid, t, id, pvh, sel, kind)
 *   sigatt  signals attached to touchpoints the session reached: (sid, t, id, pvh, sel, kind, tpi)
 *   sess    per session (sid): ended (an `end` event, or idle for 30 minutes before `now`), and
 *           xpvh, its last page view; exitp: that page view's URL (sid, url)
 *   reached per session, every touchpoint reached as (first (t, id), tpi, last (t, id)), sorted: `es`
 *   sf      per session and touchpoint reached: first (t, id) `fo`, whether it went on (`went_on`: to the
 *           next funnel step, else to the later stage) and converted (`conv`: to its funnel's
 *           goal, else to any later stage) at or after it
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
    id: tps.length ? `[${tps.map((t) => lit(t.id)).join(', ')}]` : 'emptyArrayString()',
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
  /** Events of some kinds in the range and scope, deduplicated, with the columns journey queries read. */
  const events = (kinds: readonly string[], where = '1') =>
    `(select sid, t, id, k, pvh, sel, tp, name, a, r, at, v from events final where ${inRange} and k in ${inList(kinds)} and ${where} and ${inScope})`;

  // URL rules are matched once per distinct URL of the scope, not once per page view.
  const urlRules = tps.flatMap((t, i): [string, number][] => (t.match.url !== undefined ? [[`match(p, ${lit(patternRegex(t.match.url))})`, i + 1]] : []));
  const pvtps = urlRules.length
    ? `(select pvh, ptps from (select pvh, url from ${scope}) as s
        all inner join (select url, ${which(urlRules)} as ptps
                        from (select url, splitByChar('#', splitByChar('?', url)[1])[1] as p0, if(p0 = '', '/', p0) as p from (select distinct url from ${scope})))
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
  const hitParts = [
    ...(urlRules.length ? [`select sid, t, id, pvh, tpi from (select sid, t, id, pvh, ptps from ${events(['pv'])} as e all inner join ${pvtps} as u using pvh) array join ptps as tpi`] : []),
    ...(eventRules.length ? [`select sid, t, id, pvh, arrayJoin(${which(eventRules)}) as tpi from ${events(['click', 'tp', 'track', 'step'], `(${eventWhen.map((w) => `(${w})`).join(' or ')})`)}`] : []),
  ];
  const hits = hitParts.length
    ? `(${hitParts.join(' union all ')})`
    : `(select '' as sid, toUInt64(0) as t, '' as id, toUInt64(0) as pvh, toUInt32(0) as tpi from system.one where 0)`;

  // Friction events need a page view in scope; field and vital signals are read like the
  // journey events they are (DuckDB: `signals` and `journey_events`).
  const sig = `(select sid, t, id, pvh, sel, multiIf(k = 'field', concat('field-', assumeNotNull(a)), k = 'vital', 'slow-inp', k) as kind
    from events final where ${inRange} and k in ${inList([...SIGNAL_EVENTS, 'field', 'vital'])}
      and ((k in ${inList(SIGNAL_EVENTS)} and pvh in (select pvh from ${scope}))
           or ((k = 'field' and ifNull(a in ('invalid', 'clear', 'refocus'), 0) or k = 'vital' and ifNull(name = 'INP' and r = 'poor', 0)) and ${inScope})))`;

  // Signals attached directly: to every touchpoint whose element they are on (unless its URL
  // pattern matches their page too: then once, by the page) and every touchpoint whose URL
  // pattern their page matches.
  const bySelector = tps.flatMap((t, i): [string, number][] =>
    t.match.selector !== undefined ? [[`${eq('sel', t.match.selector)}${t.match.url !== undefined ? ` and not has(ptps, ${int(i + 1)})` : ''}`, i + 1]] : [],
  );
  // …and the others to the step the visitor was on: the touchpoint hit last at or before the
  // signal in its page view (ties at one event: the later touchpoint in definition order), the
  // first of the page view's hits sorted by (t, id, tpi) backwards that is not after it.
  const sigatt = `(select sid, t, id, pvh, sel, kind, arrayJoin(tps) as tpi from (
      select sid, t, id, pvh, sel, kind, arrayFilter(x -> x > 0, if(empty(direct), [arrayFirst((h, c) -> (h.1, h.2) <= c, arrayReverse(hs), replicate((t, id), hs)).3], direct)) as tps
      from (select sid, t, id, pvh, sel, kind, arrayConcat(${which(bySelector)}, ptps) as direct from ${sig} as s all left join ${pvtps} as u using pvh) as d
      all left join (select sid, pvh, arraySort(groupArray((t, id, tpi))) as hs from ${hits} group by sid, pvh) as h using (sid, pvh))
    where (sid, tpi) in (select sid, tpi from ${hits}))`;

  // Every event DuckDB's journey base reads (its `seen`): the journey events, clicks on
  // touchpoint elements, friction events.
  const sess = `(select sid, max(k = 'end') or max(t) < ${lit(now - SESSION_IDLE_MS)} as ended, argMaxIf(pvh, (t, id), k = 'pv') as xpvh
    from events final where ${inRange} and k in ${inList([...JOURNEY_EVENTS, 'click', ...SIGNAL_EVENTS])}
      and ((k in ${inList(JOURNEY_EVENTS)} or k = 'click' and ${clickOn}) and ${inScope} or k in ${inList(SIGNAL_EVENTS)} and pvh in (select pvh from ${scope}))
    group by sid)`;
  const exitp = `(select sid, url from (select sid, xpvh from ${sess}) as x all inner join (select pvh as xpvh, url from ${scope}) as p using xpvh)`;

  const reached = `(select sid, arraySort(groupArray((fo, tpi, lo))) as es from (select sid, tpi, min((t, id)) as fo, max((t, id)) as lo from ${hits} group by sid, tpi) group by sid)`;
  const sf = `(select sid, tpi, fo,
      arrayExists((x, c) -> (${A.next}[c.1] > 0 and x.2 = ${A.next}[c.1] or ${A.next}[c.1] = 0 and ${A.stage}[x.2] = ${A.later}[c.1]) and x.3 >= c.2, es, replicate((tpi, fo), es)) as went_on,
      arrayExists((x, c) -> (${A.goal}[c.1] > 0 and x.2 = ${A.goal}[c.1] or ${A.goal}[c.1] = 0 and ${A.stage}[x.2] > ${A.stage}[c.1]) and x.3 >= c.2, es, replicate((tpi, fo), es)) as conv
    from (select sid, es, e.1 as fo, e.2 as tpi from (select sid, es, arrayJoin(es) as e from ${reached})))`;

  const w = { ...SIGNAL_WEIGHTS, ...weights } as Record<string, number>;
  const kinds = Object.keys(w);
  /** A signal kind's weight (0 for a kind without one: `weighted` says which have one). */
  const weight = (kind: string) => `[${kinds.map((k) => `toFloat64(${lit(Number(w[k]))})`).join(', ')}][indexOf(${lit(kinds)}, ${kind})]`;
  const weighted = (kind: string) => `${kind} in ${inList(kinds)}`;

  return { A, number, scope, events, hits, sig, sigatt, sess, exitp, reached, sf, weight, weighted };
}

export type ChJourneyBase = ReturnType<typeof chJourneyBase>;

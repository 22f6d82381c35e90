import { patternRegex, SIGNAL_WEIGHTS, type JourneyDefinition, type Weights } from '@touchmap/journey';
import type { Query, Site } from './store.ts';
import { funnelLinks, laterStages } from './journey-next.ts';
import { scopeSql, type Params } from './scope-sql.ts';
import { SIGNAL_KINDS } from './duckdb-rows.ts';

/** The kinds of the signals table that the journey model counts as friction signals. */
const MODEL_SIGNAL_KINDS: readonly string[] = ['rage', 'errclick', 'dead', 'err', 'uturn', 'disabled', 'thrash', 'xscroll'];

/** A session that has had no event for this long is over (the SDK rotates its id then too). */
export const SESSION_IDLE_MS = 30 * 60_000;

/**
 * The SQL every journey query starts from, generated from a journey definition. Values —
 * patterns, selectors, names, ids — are bound parameters (`$j…`); only fixed fragments and
 * parameter names reach the SQL text.
 *
 *   scope   page views in the query's page/segment scope
 *   urltp   the scope's distinct URLs with the touchpoints whose URL pattern they match
 *   je      page views, touchpoint, track, step, field, vital, survey and end events (the
 *           narrow journey_events table)
 *   clicks  clicks on touchpoint elements (touchpoint_clicks when it holds every selector of
 *           the definition, as for any stored version; else events)
 *   hits    touchpoints reached: (sid, ord, t, pvh, tp)
 *   first   each touchpoint's first hit per session
 *   sig     friction signals (the narrow signals table, field and vital events) with their kind
 *           as the model names it
 *   sigatt  signals attached to touchpoints: by element, by page, else the touchpoint reached
 *           last before it in the same page view
 *   tpinfo  per touchpoint: stage position, next funnel step, next stage with touchpoints, goal
 *   seen    every event read; sess: per session, ended (an `end` event, or idle for 30 minutes
 *           before `now`); exitp: the URL of its last page view
 *
 * Events are ordered in their session by `ord`: time, then id.
 * A session is a session id (keyed here by its hash: SID): the SDK starts a new id after 30
 * minutes idle and at `endSession()`, the same rules packages/journey's sessionize applies.
 */
export function journeyBase(site: Site, journey: JourneyDefinition, q: Query, now: number, { weights = {}, indexed = false }: { weights?: Weights; indexed?: boolean } = {}) {
  const params: Params = { site: site.id, from: q.from, to: q.to, now, idle: SESSION_IDLE_MS };
  let n = 0;
  const bind = (value: string | number) => {
    const name = `j${n++}`;
    params[name] = value;
    return `$${name}`;
  };
  const scope = scopeSql(q);
  Object.assign(params, scope.params);
  // pagePath (@touchmap/journey) in SQL: the path, and a hash router's route after a `#` segment.
  const p = `coalesce(nullif(regexp_extract(u.url, '^[^?#]*'), ''), '/')`;
  const route = `regexp_extract(u.url, '^[^#]*#!?(/[^?]+)', 1)`;
  const path = `case when ${route} = '' then ${p} else ${p} || case when suffix(${p}, '/') then '#' else '/#' end || ${route} end`;

  const stageIndex = new Map(journey.stages.map((s, i) => [s.id, i]));
  const later = laterStages(journey);
  const { next: nextStep, goal } = funnelLinks(journey);

  // URL rules are matched once per distinct URL of the scope (urltp), not once per page view:
  // in a projection (a filter per pattern was pushed below the CTE's `distinct`), each pattern
  // a constant, compiled once (a join on a column of patterns compiled one per row).
  const urlRules = journey.touchpoints.flatMap((t) => (t.match.url !== undefined ? [`case when regexp_full_match(${path}, ${bind(patternRegex(t.match.url))}) then ${bind(t.id)} end`] : []));
  // Clicks on touchpoint elements (`selector`, or `touchpoint` through data-touchpoint) and
  // named events (`touchpoint`, `track`, `step`): one row per event and touchpoint it reaches.
  const clickRules = journey.touchpoints.flatMap((t) => {
    const m = t.match;
    const when = [...(m.selector !== undefined ? [`c.sel = ${bind(m.selector)}`] : []), ...(m.touchpoint !== undefined ? [`c.tp = ${bind(m.touchpoint)}`] : [])];
    return when.length ? [`select c.sid, c.ord, c.t, c.pvh, ${bind(t.id)} as tp from clicks c where ${when.join(' or ')}`] : [];
  });
  const nameRules = journey.touchpoints.flatMap((t) => {
    const m = t.match;
    return ([['tp', m.touchpoint], ['track', m.track], ['step', m.step]] as const).flatMap(([k, name]) => (name !== undefined ? [`('${k}', ${bind(name)}, ${bind(t.id)})`] : []));
  });
  const hitSelects = [
    ...(urlRules.length ? [`select j.sid, struct_pack(t := j.t, id := j.id) as ord, j.t, j.pvh, u.tp from je j join pvtp u using (pvh) where j.k = 'pv'`] : []),
    ...clickRules,
    ...(nameRules.length ? [`select n.sid, n.ord, n.t, n.pvh, r.tp from named n join (values ${nameRules.join(', ')}) r(k, name, tp) on n.k = r.k and n.name = r.name`] : []),
  ];
  const clickWhen = [
    ...journey.touchpoints.flatMap((t) => (t.match.selector !== undefined ? [`e.sel = ${bind(t.match.selector)}`] : [])),
    ...journey.touchpoints.flatMap((t) => (t.match.touchpoint !== undefined ? [`e.tp = ${bind(t.match.touchpoint)}`] : [])),
  ];
  // Signals attached directly: one row per signal and touchpoint whose element it is on or
  // whose URL pattern its page matches (once when both).
  const direct = [
    ...journey.touchpoints.flatMap((t) => {
      if (t.match.selector === undefined) return [];
      const both = t.match.url !== undefined ? ` and s.pvh not in (select pvh from pvtp where tp = ${bind(t.id)})` : '';
      return [`select s.*, ${bind(t.id)} as tp from sig s where s.sel = ${bind(t.match.selector)}${both}`];
    }),
    ...(urlRules.length ? ['select s.*, u.tp from sig s join pvtp u using (pvh)'] : []),
  ];
  // …and the others, without a join: on no touchpoint's element, on no touchpoint's page.
  const selectors = journey.touchpoints.flatMap((t) => (t.match.selector !== undefined ? [bind(t.match.selector)] : []));
  const undirected = [
    ...(selectors.length ? [`not coalesce(s.sel in (${selectors.join(', ')}), false)`] : []),
    ...(urlRules.length ? ['s.pvh not in (select pvh from pvtp)'] : []),
  ];
  // The signals table holds only friction kinds; when the model reads them all, no filter on
  // kind: it also kept DuckDB's estimate of the rows low enough (2.5k for 316k at 10M events)
  // that it built the scope check's hash table on the signals with all their columns.
  const signalKinds = SIGNAL_KINDS.every((k) => MODEL_SIGNAL_KINDS.includes(k)) ? '' : `        and e.k in (${MODEL_SIGNAL_KINDS.map((k) => `'${k}'`).join(', ')})`;
  const tpinfo = journey.touchpoints.map((t) => {
    const stage = stageIndex.get(t.stage)!;
    const next = nextStep.get(t.id);
    const g = goal.get(t.id);
    return `(${bind(t.id)}, ${stage}, ${next === undefined ? 'null::varchar' : bind(next)}, ${later[stage]}, ${g === undefined ? 'null::varchar' : bind(g)}, ${journey.touchpoints.indexOf(t)})`;
  });
  const w = { ...SIGNAL_WEIGHTS, ...weights };
  const weightRows = Object.entries(w).map(([kind, weight]) => `(${bind(kind)}, ${Number(weight)})`);

  // Server-side events (POST /v1/events: a support ticket, an e-mail) have no page view: they
  // count whole, or — when the query narrows page views — for the sessions it keeps. Unnarrowed,
  // "in scope or in no page view" holds for every event: no filter.
  const inScope = scope.sql
    ? ` and (e.pvh in (select pvh from scope) or (e.pvh not in (select pvh from pageviews where site = $site) and e.sid in (select p.sid from pageviews p where p.site = $site and p.pvh in (select pvh from scope))))`
    : '';
  const ctes = [
    `scope as materialized (select p.pvh, p.url from pageviews p where p.site = $site${scope.sql})`,
    `tpinfo(tp, stage, nxt, later, goal, i) as (${tpinfo.length ? `values ${tpinfo.join(', ')}` : 'select null::varchar, 0, null::varchar, 0, null::varchar, 0 where false'})`,
    `urls as materialized (select distinct url from scope)`,
    `urltp as materialized (${urlRules.length ? `select url, tp from (select u.url, unnest([${urlRules.join(', ')}]) as tp from urls u) where tp is not null` : 'select null::varchar as url, null::varchar as tp where false'})`,
    `pvtp as materialized (select s.pvh, u.tp from scope s join urltp u using (url))`,
    // Page views, touchpoint, track, step, field, vital, survey and end events, from their
    // narrow table: not materialized (DuckDB would, as it is used more than once), so each use
    // scans it with its own filter on kind (at 10M events: funnel and pain points −6%).
    `je as not materialized (select ${SID} as sid, e.t, e.id, e.k, e.sel, e.pvh, e.data, ${ORD} as ord from journey_events e where e.site = $site and e.t between $from and $to${inScope})`,
    // Clicks on touchpoint elements, from their narrow table; else from events, where DuckDB
    // pushes `k = 'click'` into the scan (only matching rows' columns are read; an IN list or an
    // OR would read them all).
    `clicks as materialized (${clickWhen.length
      ? `select ${SID} as sid, e.t, e.sel, e.tp, e.pvh, ${ORD} as ord from ${indexed ? 'touchpoint_clicks e where' : `events e where e.k = 'click' and`} e.site = $site and e.t between $from and $to and (${clickWhen.join(' or ')})${inScope}`
      : `select null::ubigint as sid, 0::bigint as t, null::varchar as sel, null::varchar as tp, 0::ubigint as pvh, ${ORD_NULL} as ord where false`})`,
    `named as materialized (
      select sid, ord, t, pvh, k, json_extract_string(data, '$.name') as name from je where k = 'tp'
      union all select sid, ord, t, pvh, k, json_extract_string(data, '$.name') from je where k = 'track'
      union all select sid, ord, t, pvh, k, json_extract_string(data, '$.f') || ':' || json_extract_string(data, '$.s') from je where k = 'step')`,
    `hits as materialized (${hitSelects.length ? hitSelects.join(' union all ') : `select null::ubigint as sid, ${ORD_NULL} as ord, 0::bigint as t, 0::ubigint as pvh, null::varchar as tp where false`})`,
    // A hit's t is its ord's: the first hit's time needs no aggregate of its own. (ORD_MIN: see
    // there.)
    `first as materialized (select sid, tp, ${ORD_MIN('ord')} as ord, struct_extract(${ORD_MIN('ord')}, 't') as t, ${ORD_MAX('ord')} as lord from hits group by sid, tp)`,
    // Per session and stage, its last hit there: "went on to stage s after o" is one equality
    // join and a comparison (lord >= o) instead of a correlated EXISTS over every hit.
    `laststage as materialized (select f.sid, ti.stage, ${ORD_MAX('f.lord')} as lord from first f join tpinfo ti using (tp) group by f.sid, ti.stage)`,
    `sig as materialized (
      select ${SID} as sid, ${ORD} as ord, e.pvh, e.sel, e.k as kind from signals e
      where e.site = $site and e.t between $from and $to and e.pvh in (select pvh from scope)
${signalKinds}
      union all
      select sid, ord, pvh, sel, 'field-' || json_extract_string(data, '$.a') from je
      where k = 'field' and json_extract_string(data, '$.a') in ('invalid', 'clear', 'refocus')
      union all
      select sid, ord, pvh, sel, 'slow-inp' from je
      where k = 'vital' and json_extract_string(data, '$.name') = 'INP' and json_extract_string(data, '$.r') = 'poor')`,
    `direct as materialized (${direct.length ? direct.join(' union all ') : `select *, null::varchar as tp from sig where false`})`,
    // The step the visitor was on: the last touchpoint hit before the signal in its page view
    // (at the same moment, a hit comes first; among hits, the later touchpoint in definition
    // order). An equality join on the page view and a filter: a page view holds few hits. A
    // signal is one event: its `ord` (time, id) names it. (A
    // window over hits and signals together sorted every row with its payload — at 10M events
    // 60% of the journey map; an ASOF join was planned as a nested loop.)
    `ctx as (
      select s.sid, s.ord, s.pvh, s.sel, s.kind, arg_max(h.tp, struct_pack(o := h.ord, i := ti.i)) as tp
      from (select * from sig s${undirected.length ? ` where ${undirected.join(' and ')}` : ''}) s
      join hits h on h.sid = s.sid and h.pvh = s.pvh and h.ord <= s.ord
      join tpinfo ti on ti.tp = h.tp
      group by s.sid, s.ord, s.pvh, s.sel, s.kind)`,
    `sigatt as materialized (select a.* from (select * from direct union all select * from ctx) a semi join first f on f.sid = a.sid and f.tp = a.tp)`,
    `weights(kind, w) as (values ${weightRows.join(', ')})`,
    // Every event read, by session (field and vital signals twice: max and bool_or don't mind).
    `seen as (select sid, t, k from je union all select sid, t, 'click' from clicks union all select sid, struct_extract(ord, 't'), kind from sig)`,
    `sess as (select sid, bool_or(k = 'end') or max(t) < $now - $idle as ended from seen group by sid)`,
    // Where each session left: the URL of its last page view (every page-view event has its
    // row in pageviews, written by the same commit).
    `exitp as (select x.sid, s.url from (select sid, arg_max(pvh, ord) as pvh from je where k = 'pv' group by sid) x join scope s using (pvh))`,
  ];
  /**
   * The statement: the base's CTEs and the caller's (`name as (…)`), then `body`. CTEs nothing
   * refers to are left out: a materialized CTE is computed even when unused.
   */
  const statement = (extra: string[], body: string) => `with ${usedCtes([...ctes, ...extra], body).join(',\n')}\n${body}`;
  return { statement, params, bind };
}

/**
 * An event's place in its session: time, then id (the model's order). A struct compares field
 * by field; numbering events per session instead (row_number) was a sort of every row read.
 */
const ORD = 'struct_pack(t := e.t, id := e.id)';
const ORD_NULL = 'null::struct(t bigint, id varchar)';

/**
 * A session's key in the journey queries: a 64-bit hash of its id, as `pvh` is of a page view's.
 * Every CTE groups and joins on it; as a number instead of the id's text, the journey map at
 * 10M events took ~15% less (bench/README.md). Two sessions of one site whose ids hash alike
 * would count as one: at a million sessions, odds of ~3 in 10^8.
 */
const SID = 'hash(e.sid)';

/**
 * The least and greatest order key of a group. Exactly min() and max(), but DuckDB's min/max of
 * a struct go through a generic sort-key path: arg_min(x, x) ran in ~60% of min(x)'s time over
 * the 232k hits of the bench at 10M events.
 */
export const ORD_MIN = (x: string) => `arg_min(${x}, ${x})`;
export const ORD_MAX = (x: string) => `arg_max(${x}, ${x})`;

/** The CTEs (`name as (…)`, in order) that `body` needs, directly or through later ones. */
function usedCtes(ctes: string[], body: string): string[] {
  const kept: string[] = [];
  let needs = body;
  for (let i = ctes.length - 1; i >= 0; i--) {
    const name = /^\s*(\w+)/.exec(ctes[i]!)![1]!;
    if (new RegExp(`\\b${name}\\b`).test(needs)) {
      kept.unshift(ctes[i]!);
      needs += ctes[i];
    }
  }
  return kept;
}

export type JourneyBase = ReturnType<typeof journeyBase>;

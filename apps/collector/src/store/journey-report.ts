import {
  byCountThenKey, withTarget, per100, rankPainPoints, round4, scorePainPoint,
  type FunnelReport, type JourneyDefinition, type PainPoint, type PainPoints, type StageReport, type TouchpointReport,
} from '@touchmap/journey';
import { funnelEnds, laterStages } from './journey-next.ts';

// The Node side of the journey queries, shared by every engine: each engine aggregates in its
// own SQL and returns the same few rows (touchpoints by id, numbers as numbers or numeric
// strings), which are shaped here with packages/journey's own scoring and rounding — so the
// engines can only differ in what they count, never in how it is reported.

export type Row = Record<string, unknown>;
const num = (r: Row | undefined, k: string) => Number(r?.[k] ?? 0);
const str = (r: Row, k: string) => (r[k] == null ? undefined : String(r[k]));
/** The five most frequent, in packages/journey's `top` order. */
const top5 = <T extends { n: number }>(xs: T[], key: (x: T) => string) => [...xs].sort(byCountThenKey(key)).slice(0, 5);

type Funnel = JourneyDefinition['funnels'][number];

/**
 * A funnel's rows: `counts`, one row with per step k `r{k}` (sessions that reached it),
 * `m{k}` (median ms to step k + 1, null when none went on) and `a{k}` (sessions that abandoned
 * there); `evidence`, rows `{ what: 'field' | 'signal' | 'exit', step, a, b, n }` — the last
 * field's selector, a signal's kind and selector, or an exit URL, and how many.
 */
export interface FunnelRows {
  counts: Row;
  evidence: Row[];
}

export function funnelReportOf(funnel: Funnel, { counts: c, evidence }: FunnelRows): FunnelReport {
  const N = funnel.steps.length;
  const ev = (step: number, what: string) => evidence.filter((r) => num(r, 'step') === step && r.what === what);
  return {
    id: funnel.id,
    ...(funnel.name ? { name: funnel.name } : {}),
    entered: num(c, 'r0'),
    completed: num(c, `r${N - 1}`),
    steps: funnel.steps.map((touchpoint, k) => {
      const last = k === N - 1;
      const reach = num(c, `r${k}`);
      const next = last ? 0 : num(c, `r${k + 1}`);
      const m = c[`m${k}`];
      return {
        touchpoint,
        reach,
        conversion: last ? null : reach ? next / reach : 0,
        medianMsToNext: last || m == null ? null : Number(m),
        dropOff: last ? null : reach - next,
        abandoned: last ? 0 : num(c, `a${k}`),
        evidence: {
          lastFields: top5(ev(k, 'field').map((r) => ({ sel: str(r, 'a')!, n: num(r, 'n') })), (x) => x.sel),
          signals: top5(ev(k, 'signal').map((r) => ({ kind: str(r, 'a')!, ...(str(r, 'b') ? { sel: str(r, 'b')! } : {}), n: num(r, 'n') })), (x) => `${x.kind}\u0000${x.sel ?? ''}`),
          exitPages: top5(ev(k, 'exit').map((r) => ({ url: str(r, 'a')!, n: num(r, 'n') })), (x) => x.url),
        },
      };
    }),
  };
}

/**
 * The journey map's rows. Per touchpoint (`tp`, its id): `tps` reach and how many `went` on;
 * `tpFriction` the weighted signals `w`; `tpSignals` signals by `kind`; `tpElements` by `sel`.
 * Per stage (its index): `stages` sessions, `moved` on, `progressed` (moved on or reached a
 * funnel goal of the stage), `hurt` (hit a signal there); `stageFriction` its weighted signals,
 * each counted once; `answers` the mean survey `score` and its `n`. `total`: one row, `n` sessions.
 */
export interface JourneyMapRows {
  tps: Row[];
  tpFriction: Row[];
  tpSignals: Row[];
  tpElements: Row[];
  stages: Row[];
  stageFriction: Row[];
  answers: Row[];
  total: Row[];
}

export function journeyMapOf(journey: JourneyDefinition, rows: JourneyMapRows): { sessions: number; stages: StageReport[] } {
  const { tps, tpFriction, tpSignals, tpElements, stages, stageFriction, answers, total } = rows;
  const later = laterStages(journey);
  const byTp = <T>(rs: Row[], f: (r: Row) => T) => new Map(rs.map((r) => [String(r.tp), f(r)]));
  const reach = byTp(tps, (r) => ({ reach: num(r, 'reach'), went: num(r, 'went') }));
  const friction = byTp(tpFriction, (r) => num(r, 'w'));
  const funnelNext = new Set(journey.funnels.flatMap((f) => f.steps.slice(0, -1)));
  const ends = funnelEnds(journey);
  const stageOf = (i: number) => stages.find((r) => num(r, 'stage') === i);

  const stageReports = journey.stages.map((stage, i): StageReport => {
    const tpsHere = journey.touchpoints.filter((t) => t.stage === stage.id);
    const s = stageOf(i);
    const sessions = num(s, 'sessions');
    const hasGoal = journey.funnels.some((f) => tpsHere.some((t) => t.id === f.steps[f.steps.length - 1]));
    const progressShare = later[i]! < 0 && !hasGoal ? 1 : num(s, 'progressed') / (sessions || 1);
    const a = answers.find((r) => num(r, 'stage') === i);
    return {
      id: stage.id,
      ...(stage.name ? { name: stage.name } : {}),
      sessions,
      conversion: later[i]! < 0 || !tpsHere.length ? null : sessions ? round4(num(s, 'moved') / sessions) : 0,
      progressed: (later[i]! < 0 && !hasGoal) || !tpsHere.length ? null : sessions ? round4(num(s, 'progressed') / sessions) : 0,
      friction: per100(num(stageFriction.find((r) => num(r, 'stage') === i), 'w'), sessions),
      emotion: {
        behaviour: sessions ? round4(Math.max(-1, Math.min(1, progressShare - num(s, 'hurt') / sessions))) : null,
        survey: a ? { score: round4(num(a, 'score')), n: num(a, 'n') } : null,
      },
      touchpoints: tpsHere.map((t): TouchpointReport => {
        const r = reach.get(t.id) ?? { reach: 0, went: 0 };
        const hasNext = funnelNext.has(t.id) || (later[i]! >= 0 && !ends.has(t.id));
        const conversion = !hasNext ? null : r.reach ? round4(r.went / r.reach) : 0;
        const report: TouchpointReport = {
          id: t.id,
          ...(t.name ? { name: t.name } : {}),
          stage: t.stage,
          momentOfTruth: t.momentOfTruth ?? false,
          reach: r.reach,
          conversion,
          friction: per100(friction.get(t.id) ?? 0, r.reach),
          topSignals: top5(tpSignals.filter((x) => x.tp === t.id).map((x) => ({ kind: String(x.kind), n: num(x, 'n') })), (x) => x.kind),
          topElements: top5(tpElements.filter((x) => x.tp === t.id).map((x) => ({ sel: String(x.sel), n: num(x, 'n') })), (x) => x.sel),
        };
        return withTarget(report, t);
      }),
    };
  });
  return { sessions: num(total[0], 'n'), stages: stageReports };
}

/**
 * Pain points' rows: `pairs` per (touchpoint `tp`, signal `kind`, and — or null for the whole
 * kind — element `sel`), sessions `affected` and of them `converted`; `reach` per touchpoint,
 * sessions `reached` and `converted`; `elements` signals per (tp, kind, sel) as `n`; `exits`
 * per (tp, kind, sel, `url`) affected sessions that did not convert, `whole` = 1 for the rows
 * of the whole kind; `orders`, one row: the `mean` order value, or null.
 */
export interface PainPointRows {
  pairs: Row[];
  reach: Row[];
  elements: Row[];
  exits: Row[];
  orders: Row[];
}

/** `ends` (funnelEnds): touchpoints whose pairs are left out. */
export function painPointsOf({ pairs, reach, elements, exits, orders }: PainPointRows, ends: Set<string>): PainPoints {
  const meanOrderValue = orders[0]?.mean == null ? null : Number(orders[0].mean);
  const R = new Map(reach.map((r) => [String(r.tp), { R: num(r, 'reached'), r: num(r, 'converted') }]));
  const points: PainPoint[] = pairs.filter((p) => !ends.has(String(p.tp))).map((p) => {
    const tp = String(p.tp);
    const kind = String(p.kind);
    const sel = str(p, 'sel');
    const all = R.get(tp)!;
    const A = num(p, 'affected');
    const a = num(p, 'converted');
    return scorePainPoint(
      {
        touchpoint: tp,
        kind,
        ...(sel !== undefined ? { sel } : {}),
        affected: A,
        affectedConverted: a,
        unaffected: all.R - A,
        unaffectedConverted: all.r - a,
        elements: top5(elements.filter((e) => e.tp === tp && e.kind === kind && (sel === undefined || e.sel === sel)).map((e) => ({ sel: String(e.sel), n: num(e, 'n') })), (x) => x.sel),
        exitPages: top5(exits.filter((e) => e.tp === tp && e.kind === kind && (sel === undefined ? num(e, 'whole') === 1 : num(e, 'whole') === 0 && e.sel === sel)).map((e) => ({ url: String(e.url), n: num(e, 'n') })), (x) => x.url),
      },
      meanOrderValue,
    );
  });
  return rankPainPoints(points, meanOrderValue);
}

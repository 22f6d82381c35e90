import type { JourneyDefinition } from './definition.ts';
import type { SessionFacts } from './facts.ts';
import { newcombe, top } from './stats.ts';

/** Fewer sessions than this with (A) or without (U) the signal: listed, never ranked (domain.md). */
export const MIN_SESSIONS = 30;

export interface PainPoint {
  touchpoint: string;
  kind: string;
  /** Set for an element-level pair: the signal on this element of the touchpoint. */
  sel?: string;
  /** Sessions that reached the touchpoint and hit the signal there (A), and that did not (U). */
  affected: number;
  unaffected: number;
  /** Share of each that converted (went on to the funnel's goal, else to a later stage). */
  conversionAffected: number;
  conversionUnaffected: number;
  /** (conv(U) − conv(A)) × |A|, with the 95% interval (Newcombe) on the difference, times |A|. */
  sessionsLost: number;
  sessionsLostInterval: [number, number];
  /** Sessions lost × mean order value, when the site reports order values. */
  revenueLost?: number;
  /** Enough data and the lower bound above zero: the signal costs conversions beyond chance. */
  proven: boolean;
  /** Where it happens: the elements (touchpoint-level pairs) and the sessions' exit pages. */
  evidence: { elements: { sel: string; n: number }[]; exitPages: { url: string; n: number }[] };
}

export interface PainPoints {
  /** Pairs with enough data, by the lower bound of sessions lost, highest first. */
  ranked: PainPoint[];
  /** Pairs with fewer than 30 sessions in A or U: shown as "not enough data", never ranked. */
  notEnoughData: PainPoint[];
  meanOrderValue: number | null;
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * Pain points (domain.md): for each (touchpoint, signal kind) pair and each (touchpoint, kind,
 * element) pair, the sessions that reached the touchpoint and hit the signal there (A) against
 * those that reached it without (U); sessions lost = (conv(U) − conv(A)) × |A|. Conversion is
 * reaching the goal of the touchpoint's funnel after it, or outside a funnel a later stage; a
 * funnel's goal itself has no pain points.
 */
export function painPoints(journey: JourneyDefinition, facts: SessionFacts[]): PainPoints {
  const stageIndex = new Map(journey.stages.map((s, i) => [s.id, i]));
  const tpStage = new Map(journey.touchpoints.map((t) => [t.id, stageIndex.get(t.stage)!]));
  const goalOf = new Map<string, string>();
  for (const f of journey.funnels) for (const s of f.steps.slice(0, -1)) if (!goalOf.has(s)) goalOf.set(s, f.steps[f.steps.length - 1]!);
  const ends = new Set(journey.funnels.map((f) => f.steps[f.steps.length - 1]!).filter((g) => !goalOf.has(g)));
  const orders = facts.flatMap((f) => f.orders);
  const meanOrderValue = orders.length ? orders.reduce((a, b) => a + b, 0) / orders.length : null;

  const out: PainPoint[] = [];
  for (const t of journey.touchpoints) {
    // A funnel's end (no other funnel's earlier step): reaching it is the conversion, there is
    // none left to lose there.
    if (ends.has(t.id)) continue;
    const reached = facts.filter((f) => f.first.has(t.id));
    if (!reached.length) continue;
    const goal = goalOf.get(t.id);
    const stage = tpStage.get(t.id)!;
    const converted = (f: SessionFacts) => {
      const at = f.first.get(t.id)!.index;
      return goal !== undefined ? f.hits.some((h) => h.touchpoint === goal && h.index >= at) : f.hits.some((h) => tpStage.get(h.touchpoint)! > stage && h.index >= at);
    };
    const conv = new Map(reached.map((f) => [f, converted(f)]));
    const here = (f: SessionFacts) => f.signals.filter((s) => s.touchpoints.includes(t.id));
    // Touchpoint-level pairs (a kind) and element-level pairs (a kind on one element).
    const pairs = new Map<string, { kind: string; sel?: string }>();
    for (const f of reached) {
      for (const s of here(f)) {
        pairs.set(s.kind, { kind: s.kind });
        if (s.sel !== undefined) pairs.set(`${s.kind}\u0000${s.sel}`, { kind: s.kind, sel: s.sel });
      }
    }
    for (const { kind, sel } of pairs.values()) {
      const hit = (f: SessionFacts) => here(f).some((s) => s.kind === kind && (sel === undefined || s.sel === sel));
      const A = reached.filter(hit);
      const U = reached.filter((f) => !hit(f));
      const signals = A.flatMap((f) => here(f).filter((s) => s.kind === kind && (sel === undefined || s.sel === sel)));
      out.push(
        scorePainPoint(
          {
            touchpoint: t.id,
            kind,
            ...(sel !== undefined ? { sel } : {}),
            affected: A.length,
            affectedConverted: A.filter((f) => conv.get(f)).length,
            unaffected: U.length,
            unaffectedConverted: U.filter((f) => conv.get(f)).length,
            elements: top(signals.flatMap((s) => s.sel ?? [])).map((x) => ({ sel: x.value, n: x.n })),
            exitPages: top(A.filter((f) => !conv.get(f)).flatMap((f) => f.exitUrl ?? [])).map((x) => ({ url: x.value, n: x.n })),
          },
          meanOrderValue,
        ),
      );
    }
  }
  return rankPainPoints(out, meanOrderValue);
}

/** What a store counts for one pair; scorePainPoint turns it into a pain point. */
export interface PairCounts {
  touchpoint: string;
  kind: string;
  sel?: string;
  affected: number;
  affectedConverted: number;
  unaffected: number;
  unaffectedConverted: number;
  elements: { sel: string; n: number }[];
  exitPages: { url: string; n: number }[];
}

/** Sessions lost, its interval, revenue lost and whether it is proven, from a pair's counts. */
export function scorePainPoint(c: PairCounts, meanOrderValue: number | null): PainPoint {
  const A = c.affected;
  const U = c.unaffected;
  const convA = A ? c.affectedConverted / A : 0;
  const convU = U ? c.unaffectedConverted / U : 0;
  const [lo, hi] = newcombe(c.unaffectedConverted, U, c.affectedConverted, A);
  const lost = (convU - convA) * A;
  return {
    touchpoint: c.touchpoint,
    kind: c.kind,
    ...(c.sel !== undefined ? { sel: c.sel } : {}),
    affected: A,
    unaffected: U,
    conversionAffected: round(convA),
    conversionUnaffected: round(convU),
    sessionsLost: round(lost, 2),
    sessionsLostInterval: [round(lo * A, 2), round(hi * A, 2)],
    ...(meanOrderValue !== null ? { revenueLost: round(lost * meanOrderValue, 2) } : {}),
    proven: lo > 0 && A >= MIN_SESSIONS && U >= MIN_SESSIONS,
    evidence: { elements: c.elements, exitPages: c.exitPages },
  };
}

/** Ranked by the lower bound of sessions lost; pairs with too few sessions listed apart. */
export function rankPainPoints(points: PainPoint[], meanOrderValue: number | null): PainPoints {
  const enough = (p: PainPoint) => p.affected >= MIN_SESSIONS && p.unaffected >= MIN_SESSIONS;
  const byLowerBound = (x: PainPoint, y: PainPoint) => y.sessionsLostInterval[0] - x.sessionsLostInterval[0] || y.sessionsLost - x.sessionsLost || (x.touchpoint + x.kind + (x.sel ?? '') < y.touchpoint + y.kind + (y.sel ?? '') ? -1 : 1);
  return {
    ranked: points.filter(enough).sort(byLowerBound),
    notEnoughData: points.filter((p) => !enough(p)).sort((x, y) => y.affected - x.affected || byLowerBound(x, y)),
    meanOrderValue,
  };
}

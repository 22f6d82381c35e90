import type { JourneyDefinition, Touchpoint } from './definition.ts';
import type { SessionFacts } from './facts.ts';
import { SIGNAL_WEIGHTS, type AttachedSignal, type Weights } from './signals.ts';
import { per100, round4 as round, top } from './stats.ts';

export interface TouchpointReport {
  id: string;
  name?: string;
  stage: string;
  momentOfTruth: boolean;
  /** Sessions that reached it. */
  reach: number;
  /** Share of them that went on: to the next step of its funnel, else to a later stage (null when there is nothing after it). */
  conversion: number | null;
  /** Weighted signals per 100 sessions that reached it. */
  friction: number;
  topSignals: { kind: string; n: number }[];
  topElements: { sel: string; n: number }[];
  /** Future-state targets and whether the current values meet them. */
  target?: Touchpoint['target'];
  meets?: { reach?: boolean; friction?: boolean; conversion?: boolean };
}

export interface StageReport {
  id: string;
  name?: string;
  /** Sessions that reached any of its touchpoints. */
  sessions: number;
  /** Share of them that reached the next stage with touchpoints (null for the last). */
  conversion: number | null;
  /**
   * Share that progressed: on to the next stage, or to the goal of a funnel ending in this stage
   * (a purchase completes the decision stage). Null for a stage with neither.
   */
  progressed: number | null;
  /** Weighted signals per 100 sessions, over all its touchpoints (a signal counted once). */
  friction: number;
  /**
   * Emotion in [−1, 1]. `behaviour`: the share that progressed — on to the next stage, or to the
   * goal of a funnel ending in this stage; reaching the last stage is progress — minus the share
   * that hit friction there. `survey`: the mean answer
   * mapped to [−1, 1] ((v − 3) / 2) over answers given at its touchpoints, and how many.
   */
  emotion: { behaviour: number | null; survey: { score: number; n: number } | null };
  touchpoints: TouchpointReport[];
}

const weightOf = (s: AttachedSignal, weights: Weights) => weights[s.kind] ?? SIGNAL_WEIGHTS[s.kind];

/** Adds a touchpoint's future-state targets to its report, and whether current values meet them. */
export function withTarget(report: TouchpointReport, t: Touchpoint): TouchpointReport {
  if (!t.target) return report;
  const { reach, friction, conversion } = report;
  return {
    ...report,
    target: t.target,
    meets: {
      ...(t.target.reach !== undefined ? { reach: reach >= t.target.reach } : {}),
      ...(t.target.friction !== undefined ? { friction: friction <= t.target.friction } : {}),
      ...(t.target.conversion !== undefined && conversion !== null ? { conversion: conversion >= t.target.conversion } : {}),
    },
  };
}

/** The journey map: per stage and touchpoint, reach, conversion, friction and emotion. */
export function journeyMap(journey: JourneyDefinition, facts: SessionFacts[], weights: Weights = {}): StageReport[] {
  const stageIndex = new Map(journey.stages.map((s, i) => [s.id, i]));
  const used = journey.stages.map((s) => journey.touchpoints.some((t) => t.stage === s.id));
  const nextUsed = (i: number) => used.findIndex((u, j) => u && j > i);
  const funnelNext = new Map<string, string>();
  for (const f of journey.funnels) f.steps.forEach((s, i) => i < f.steps.length - 1 && !funnelNext.has(s) && funnelNext.set(s, f.steps[i + 1]!));
  const goals = new Set(journey.funnels.map((f) => f.steps[f.steps.length - 1]!));
  const tpStage = new Map(journey.touchpoints.map((t) => [t.id, stageIndex.get(t.stage)!]));
  // Where a survey answer was given: a touchpoint by name, funnel step or id.
  const answerTp = (at: string) => journey.touchpoints.find((t) => t.match.touchpoint === at || t.match.step === at || t.id === at);

  /** Whether a session reached a stage after index (stage `later`, any hit at or after it). */
  const reachedStageAfter = (f: SessionFacts, stage: number, index: number) => f.hits.some((h) => tpStage.get(h.touchpoint) === stage && h.index >= index);

  const touchpointReport = (t: Touchpoint): TouchpointReport => {
    const reached = facts.filter((f) => f.first.has(t.id));
    const signals = reached.flatMap((f) => f.signals.filter((s) => s.touchpoints.includes(t.id)));
    const stage = tpStage.get(t.id)!;
    const next = funnelNext.get(t.id);
    const later = nextUsed(stage);
    const wentOn = (f: SessionFacts) => {
      const at = f.first.get(t.id)!.index;
      return next !== undefined ? f.hits.some((h) => h.touchpoint === next && h.index >= at) : reachedStageAfter(f, later, at);
    };
    // A funnel's goal has nothing to convert to: reaching it is the conversion (going on to the
    // next stage, say support, is not).
    const conversion = next === undefined && (later < 0 || goals.has(t.id)) ? null : reached.length ? round(reached.filter(wentOn).length / reached.length) : 0;
    const friction = per100(signals.reduce((s, x) => s + weightOf(x, weights), 0), reached.length);
    const report: TouchpointReport = {
      id: t.id,
      ...(t.name ? { name: t.name } : {}),
      stage: t.stage,
      momentOfTruth: t.momentOfTruth ?? false,
      reach: reached.length,
      conversion,
      friction,
      topSignals: top(signals.map((s) => s.kind)).map((x) => ({ kind: x.value, n: x.n })),
      topElements: top(signals.flatMap((s) => s.sel ?? [])).map((x) => ({ sel: x.value, n: x.n })),
    };
    return withTarget(report, t);
  };

  return journey.stages.map((stage, i) => {
    const tps = journey.touchpoints.filter((t) => t.stage === stage.id);
    const ids = new Set(tps.map((t) => t.id));
    const reached = facts.filter((f) => f.stages.has(i));
    const later = nextUsed(i);
    const firstIndex = (f: SessionFacts) => Math.min(...[...f.first.values()].filter((h) => ids.has(h.touchpoint)).map((h) => h.index));
    // Progress: on to the next stage, or to the goal of a funnel that ends in this stage (a
    // purchase completes the decision stage; going on to "support" is not what made it good).
    const goals = journey.funnels.map((fn) => fn.steps[fn.steps.length - 1]!).filter((g) => ids.has(g));
    const movedOn = (f: SessionFacts) => later >= 0 && reachedStageAfter(f, later, firstIndex(f));
    const completed = (f: SessionFacts) => goals.some((g) => f.first.has(g));
    const progressed = reached.filter((f) => movedOn(f) || completed(f)).length;
    const nextStage = reached.filter(movedOn).length;
    const signals = reached.flatMap((f) => f.signals.filter((s) => s.touchpoints.some((tp) => ids.has(tp))));
    const hurt = reached.filter((f) => f.signals.some((s) => s.touchpoints.some((tp) => ids.has(tp)))).length;
    const answers = facts.flatMap((f) => f.answers.filter((a) => ids.has(answerTp(a.at)?.id ?? '')));
    const progressShare = later < 0 && !goals.length ? 1 : progressed / (reached.length || 1);
    return {
      id: stage.id,
      ...(stage.name ? { name: stage.name } : {}),
      sessions: reached.length,
      conversion: later < 0 || !used[i] ? null : reached.length ? round(nextStage / reached.length) : 0,
      progressed: (later < 0 && !goals.length) || !used[i] ? null : reached.length ? round(progressed / reached.length) : 0,
      friction: per100(signals.reduce((s, x) => s + weightOf(x, weights), 0), reached.length),
      emotion: {
        behaviour: reached.length ? round(Math.max(-1, Math.min(1, progressShare - hurt / reached.length))) : null,
        survey: answers.length ? { score: round(answers.reduce((s, a) => s + (a.v - 3) / 2, 0) / answers.length), n: answers.length } : null,
      },
      touchpoints: tps.map(touchpointReport),
    };
  });
}

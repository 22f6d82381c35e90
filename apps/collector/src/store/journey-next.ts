import type { JourneyDefinition } from '@touchmap/journey';

// What comes after a stage or a touchpoint in a journey definition: where "going on" and
// "converting" lead, the same for every engine's SQL and for the reports.

/** Per stage, the index of the next stage that has touchpoints (−1: none): where "moving on" goes. */
export function laterStages(journey: JourneyDefinition): number[] {
  const used = journey.stages.map((s) => journey.touchpoints.some((t) => t.stage === s.id));
  return journey.stages.map((_, i) => used.findIndex((u, j) => u && j > i));
}

/**
 * Per touchpoint id that is a step of a funnel (not its last): the `next` step, and the funnel's
 * `goal` (its last step). A touchpoint in several funnels takes the first funnel's.
 */
export function funnelLinks(journey: JourneyDefinition): { next: Map<string, string>; goal: Map<string, string> } {
  const next = new Map<string, string>();
  const goal = new Map<string, string>();
  for (const f of journey.funnels) {
    f.steps.forEach((s, i) => {
      if (i < f.steps.length - 1 && !next.has(s)) next.set(s, f.steps[i + 1]!);
      if (i < f.steps.length - 1 && !goal.has(s)) goal.set(s, f.steps[f.steps.length - 1]!);
    });
  }
  return { next, goal };
}

/**
 * Touchpoints that end a funnel and are no other funnel's earlier step: reaching one is the
 * conversion, so it has no conversion of its own to report or to lose (its map conversion is
 * null and it has no pain points; going on to, say, support is not converting).
 */
export function funnelEnds(journey: JourneyDefinition): Set<string> {
  const { next } = funnelLinks(journey);
  return new Set(journey.funnels.map((f) => f.steps[f.steps.length - 1]!).filter((g) => !next.has(g)));
}

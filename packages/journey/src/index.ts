export { DEFAULT_STAGES, JourneyDefinition, checkJourney, type Checked, type Funnel, type JourneyInput, type Stage, type Touchpoint } from './definition.ts';
export { compilePattern, pagePath, patternRegex } from './pattern.ts';
export { SESSION_IDLE_MS, sessionize, type JourneyEvent, type Session } from './events.ts';
export { hitsOf, touchpointMatcher, type Hit } from './match.ts';
export { SIGNAL_WEIGHTS, attachSignals, signalOf, type AttachedSignal, type SignalKind, type Weights } from './signals.ts';
export { factsOf, type SessionFacts } from './facts.ts';
export { funnelReport, progress, type FunnelReport, type FunnelStep } from './funnel.ts';
export { journeyMap, withTarget, type StageReport, type TouchpointReport } from './journey-map.ts';
export { MIN_SESSIONS, painPoints, rankPainPoints, scorePainPoint, type PainPoint, type PainPoints, type PairCounts } from './pain-points.ts';
export { byCountThenKey, median, newcombe, per100, round4, top, wilson } from './stats.ts';

import type { JourneyDefinition } from './definition.ts';
import { sessionize, type JourneyEvent } from './events.ts';
import { factsOf } from './facts.ts';
import { funnelReport } from './funnel.ts';
import { journeyMap } from './journey-map.ts';
import { painPoints } from './pain-points.ts';
import type { Weights } from './signals.ts';

/** Everything the model says about a set of events: the journey map, every funnel, the pain points. */
export function analyze(journey: JourneyDefinition, events: JourneyEvent[], { now, weights }: { now: number; weights?: Weights }) {
  const facts = factsOf(journey, sessionize(events, now));
  return {
    sessions: facts.length,
    stages: journeyMap(journey, facts, weights),
    funnels: journey.funnels.map((f) => funnelReport(f, facts)),
    painPoints: painPoints(journey, facts),
  };
}

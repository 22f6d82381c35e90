import type { JourneyDefinition } from './definition.ts';
import type { Session } from './events.ts';
import { hitsOf, touchpointMatcher, type Hit } from './match.ts';
import { attachSignals, type AttachedSignal } from './signals.ts';

/** What the model needs to know about one session, derived once. */
export interface SessionFacts {
  id: string;
  ended: boolean;
  hits: Hit[];
  /** Each touchpoint reached, at its first hit. */
  first: Map<string, Hit>;
  /** Stages reached (positions in the journey's stage order). */
  stages: Set<number>;
  signals: AttachedSignal[];
  /** Where the session left: the URL of its last page view. */
  exitUrl?: string;
  /** The last form field it touched (never its value). */
  lastField?: string;
  /** Order values the site reported with `track('purchase', { value })`. */
  orders: number[];
  /** Survey answers: where asked, and the answer 1..5. */
  answers: { at: string; v: number }[];
}

export function factsOf(journey: JourneyDefinition, sessions: Session[]): SessionFacts[] {
  const match = touchpointMatcher(journey);
  const stageIndex = new Map(journey.stages.map((s, i) => [s.id, i]));
  const stageOf = new Map(journey.touchpoints.map((t) => [t.id, stageIndex.get(t.stage)!]));
  return sessions.map((session) => {
    const hits = hitsOf(session, match);
    const first = new Map<string, Hit>();
    for (const h of hits) if (!first.has(h.touchpoint)) first.set(h.touchpoint, h);
    const views = session.events.filter((e) => e.k === 'pv');
    return {
      id: session.id,
      ended: session.ended,
      hits,
      first,
      stages: new Set([...first.keys()].map((tp) => stageOf.get(tp)!)),
      signals: attachSignals(journey, session, hits),
      exitUrl: views[views.length - 1]?.url,
      lastField: session.events.findLast((e) => e.k === 'field')?.sel,
      orders: session.events.flatMap((e) => (e.k === 'track' && e.name === 'purchase' && typeof e.props?.value === 'number' ? [e.props.value] : [])),
      // Survey answers (the SDK's micro-survey, kind `survey`): read loosely, so the model
      // does not depend on that module being in the protocol build it is compiled with.
      answers: session.events.flatMap((e) => {
        const s = e as unknown as { k: string; at?: unknown; v?: unknown };
        return s.k === 'survey' && typeof s.at === 'string' && typeof s.v === 'number' ? [{ at: s.at, v: s.v }] : [];
      }),
    };
  });
}

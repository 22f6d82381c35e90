import type { JourneyDefinition, Touchpoint } from './definition.ts';
import type { JourneyEvent, Session } from './events.ts';
import { compilePattern } from './pattern.ts';

/** A touchpoint reached in a session: at which event (index) and when. */
export interface Hit {
  touchpoint: string;
  index: number;
  t: number;
  pv: string;
}

export type Matcher = (e: JourneyEvent) => string[];

/**
 * Which touchpoints an event reaches. A URL pattern is reached by a page view of a matching
 * page; a selector by a click on that element; a touchpoint name by a `tp` event or a click
 * inside `data-touchpoint` of that name; a track name by that `track` event; a step by that
 * `step` event.
 */
export function touchpointMatcher(journey: JourneyDefinition): Matcher {
  const rules = journey.touchpoints.map((tp) => ({ id: tp.id, test: rule(tp) }));
  return (e) => rules.filter((r) => r.test(e)).map((r) => r.id);
}

function rule({ match }: Touchpoint): (e: JourneyEvent) => boolean {
  const url = match.url ? compilePattern(match.url) : undefined;
  return (e) => {
    switch (e.k) {
      case 'pv':
        return !!url && url(e.url);
      case 'click':
        return (match.selector !== undefined && e.sel === match.selector) || (match.touchpoint !== undefined && e.tp === match.touchpoint);
      case 'tp':
        return match.touchpoint !== undefined && e.name === match.touchpoint;
      case 'track':
        return match.track !== undefined && e.name === match.track;
      case 'step':
        return match.step !== undefined && `${e.f}:${e.s}` === match.step;
      default:
        return false;
    }
  };
}

/** Every touchpoint hit of a session, in order. */
export function hitsOf(session: Session, match: Matcher): Hit[] {
  const hits: Hit[] = [];
  session.events.forEach((e, index) => {
    for (const touchpoint of match(e)) hits.push({ touchpoint, index, t: e.t, pv: e.pv });
  });
  return hits;
}

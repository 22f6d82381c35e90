import type { JourneyDefinition } from './definition.ts';
import type { JourneyEvent, Session } from './events.ts';
import type { Hit } from './match.ts';
import { compilePattern } from './pattern.ts';

/**
 * Friction signal kinds and their weights in the friction score: how strongly each shows
 * struggle. A rage or error click is a visitor fighting the page; a dead click, an uncaught
 * error or a u-turn a clear failure; the rest are hesitation. Sites can pass their own.
 */
export const SIGNAL_WEIGHTS = {
  rage: 3,
  errclick: 3,
  dead: 2,
  err: 2,
  uturn: 2,
  'slow-inp': 2,
  disabled: 1,
  thrash: 1,
  xscroll: 1,
  'field-invalid': 1,
  'field-clear': 1,
  'field-refocus': 0.5,
} as const;
export type SignalKind = keyof typeof SIGNAL_WEIGHTS;
export type Weights = Partial<Record<SignalKind, number>>;

/** The signal an event is, if any: friction kinds as they are, field friction and poor INP named. */
export function signalOf(e: JourneyEvent): SignalKind | undefined {
  switch (e.k) {
    case 'rage':
    case 'errclick':
    case 'dead':
    case 'err':
    case 'uturn':
    case 'disabled':
    case 'thrash':
    case 'xscroll':
      return e.k;
    case 'field':
      return e.a === 'invalid' ? 'field-invalid' : e.a === 'clear' ? 'field-clear' : e.a === 'refocus' ? 'field-refocus' : undefined;
    case 'vital':
      return e.name === 'INP' && e.r === 'poor' ? 'slow-inp' : undefined;
    default:
      return undefined;
  }
}

/** A signal in a session, attached to the touchpoints it hurts. */
export interface AttachedSignal {
  kind: SignalKind;
  sel?: string;
  index: number;
  t: number;
  touchpoints: string[];
}

/**
 * Attaches each signal of a session to touchpoints: every selector touchpoint whose selector
 * is the signal's element, every URL touchpoint whose pattern matches the signal's page — and,
 * when neither applies, the touchpoint reached last before it in the same page view (the step
 * the visitor was on).
 */
export function attachSignals(journey: JourneyDefinition, session: Session, hits: Hit[]): AttachedSignal[] {
  const bySelector = journey.touchpoints.filter((t) => t.match.selector !== undefined);
  const byUrl = journey.touchpoints.filter((t) => t.match.url !== undefined).map((t) => ({ id: t.id, test: compilePattern(t.match.url!) }));
  const out: AttachedSignal[] = [];
  session.events.forEach((e, index) => {
    const kind = signalOf(e);
    if (!kind) return;
    const sel = 'sel' in e && typeof e.sel === 'string' ? e.sel : undefined;
    const direct = [
      ...bySelector.filter((t) => sel !== undefined && t.match.selector === sel).map((t) => t.id),
      ...byUrl.filter((t) => e.url !== undefined && t.test(e.url)).map((t) => t.id),
    ];
    let touchpoints = [...new Set(direct)];
    if (!touchpoints.length) {
      const before = hits.filter((h) => h.pv === e.pv && h.index <= index);
      const last = before[before.length - 1];
      if (last) touchpoints = [last.touchpoint];
    }
    out.push({ kind, sel, index, t: e.t, touchpoints });
  });
  return out;
}

import type { EventBody } from '@touchmap/protocol';
import type { SurveyOptions } from '../public-types.ts';

/** Where the survey is asked (a touchpoint name or `funnel:step`) and why. */
export type Ask = [at: string, why: 'touchpoint' | 'complete' | 'abandon'];

type At = NonNullable<SurveyOptions['at']>;

/** The last step listed for `funnel`: reaching it completes the funnel. */
const isLast = (funnels: Record<string, string[]>, funnel: string, step: string) => funnels[funnel]?.at(-1) === step;

/**
 * Whether an event the SDK emits asks the survey now: a touchpoint of `at.touchpoints` reached
 * (the `touchpoint()` call's `tp` event, or a click inside `data-touchpoint`), or the last step of
 * a funnel of `at.complete`.
 */
export function triggerOf(at: At, funnels: Record<string, string[]>, e: EventBody): Ask | undefined {
  const tp = e.k == 'tp' ? e.name : e.k == 'click' ? e.tp : undefined;
  if (tp && at.touchpoints?.includes(tp)) return [tp, 'touchpoint'];
  if (e.k == 'step' && at.complete?.includes(e.f) && isLast(funnels, e.f, e.s)) return [(e.f + ':' + e.s).slice(0, 100), 'complete'];
  return undefined;
}

/**
 * The funnels of `at.abandon` this session started and has not completed (funnel → latest step
 * reached), after event `e`; `open` itself when `e` changes nothing, so the caller writes only
 * changes.
 */
export function openFunnels(at: At, funnels: Record<string, string[]>, open: Record<string, string>, e: EventBody): Record<string, string> {
  if (e.k != 'step' || !at.abandon?.includes(e.f)) return open;
  const last = isLast(funnels, e.f, e.s);
  if (last ? !(e.f in open) : open[e.f] === e.s) return open;
  const next = { ...open };
  if (last) delete next[e.f];
  else next[e.f] = e.s;
  return next;
}

/** Exit intent abandons the first open funnel, asked at the latest step it reached. */
export function abandonOf(open: Record<string, string> = {}): Ask | undefined {
  for (const f in open) return [(f + ':' + open[f]).slice(0, 100), 'abandon'];
  return undefined;
}

/**
 * The survey's per-session sampling, drawn from the session id (random base-36 characters): every
 * tab and reload of a session decides alike, and nothing is stored. A byte mod 36 favours 0–3 by
 * 8/7, so a share is off by at most 1.4 percentage points.
 */
export const inSample = (sid: string, rate: number): boolean => parseInt(sid.slice(0, 4), 36) / 36 ** 4 < rate;

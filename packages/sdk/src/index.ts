import { createApi } from './api.ts';

// Type-only imports name `.js`: they survive into the published declarations, where consumers'
// TypeScript resolves them (a `.ts` specifier there would not).
import type { Options } from './options.js';
import type { Scalar, SurveyOptions, Tracker } from './public-types.js';

export type { Options, Scalar, SurveyOptions, Tracker };

const api = createApi(
  () => import('./vitals/entry.ts').then((m) => m.startVitals),
  () => import('./survey/chunk.ts').then((m) => m.startSurvey),
);

/** Starts touchmap. Call once; later calls warn and keep the first configuration. */
export const init: (options: Options) => Tracker = api.init;
/** Marks a named touchpoint reached, e.g. `touchpoint('pricing-cta')`. */
export const touchpoint: Tracker['touchpoint'] = api.touchpoint;
/** Marks a funnel step reached, e.g. `step('checkout', 'payment')`. */
export const step: Tracker['step'] = api.step;
/** Records a custom event; `track('purchase', { value: 42 })` feeds revenue-lost estimates. */
export const track: Tracker['track'] = api.track;
/** Gives (true) or withdraws (false) consent; with `requireConsent`, nothing is stored or sent before true. */
export const consent: Tracker['consent'] = api.consent;
/** Non-identifying traits of this session for segmenting maps. */
export const segment: Tracker['segment'] = api.segment;
/** Ends the session now (e.g. on sign-out). */
export const endSession: Tracker['endSession'] = api.endSession;
/** Sends what is buffered now. */
export const flush: Tracker['flush'] = api.flush;
/** Stops capturing, removes every listener and sends what is buffered. */
export const shutdown: Tracker['shutdown'] = api.shutdown;

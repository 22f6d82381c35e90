import { createApi } from './api.ts';

export type { Options } from './options.ts';
export type { Tracker } from './tracker.ts';

const api = createApi(() => import('./vitals/entry.ts').then((m) => m.startVitals));

/** Starts touchmap. Call once; later calls warn and keep the first configuration. */
export const init = api.init;
/** Marks a named touchpoint reached, e.g. `touchpoint('pricing-cta')`. */
export const touchpoint = api.touchpoint;
/** Marks a funnel step reached, e.g. `step('checkout', 'payment')`. */
export const step = api.step;
/** Records a custom event; `track('purchase', { value: 42 })` feeds revenue-lost estimates. */
export const track = api.track;
/** Gives (true) or withdraws (false) consent; with `requireConsent`, nothing is stored or sent before true. */
export const consent = api.consent;
/** Non-identifying traits of this session for segmenting maps. */
export const segment = api.segment;
/** Ends the session now (e.g. on sign-out). */
export const endSession = api.endSession;
/** Sends what is buffered now. */
export const flush = api.flush;
/** Stops capturing, removes every listener and sends what is buffered. */
export const shutdown = api.shutdown;

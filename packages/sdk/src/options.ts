import type { SurveyOptions } from './public-types.ts';

/** Options of `init()`. Every threshold of every signal is here, with the default it names. */
export interface Options {
  /** The site key the collector issued (public: it identifies the site, it is not a secret). */
  site: string;
  /** Base URL of the collector, e.g. `https://touchmap.example.com`. Batches go to `{endpoint}/v1/batch`. */
  endpoint: string;
  /** Store and send nothing until `consent(true)`. Default false. */
  requireConsent?: boolean;
  /** Do nothing for visitors who send Global Privacy Control or Do Not Track. Default false. */
  respectDoNotTrack?: boolean;
  /** Share of sessions recorded, 0..1, decided once per session. Default 1. */
  sampleRate?: number;
  /** Minutes of inactivity after which a new session starts. Default 30. */
  sessionTimeoutMinutes?: number;
  /** Send when this many events are waiting. Default 50. */
  batchSize?: number;
  /** Send at most this long after an event was captured, in ms. Default 5000. */
  flushIntervalMs?: number;
  /** Most events kept in the offline buffer; the oldest are dropped (and counted) past it. Default 10000. */
  maxBufferedEvents?: number;
  /** First retry delay in ms, doubled on every failure up to `retryMaxMs`, with full jitter. Default 1000. */
  retryBaseMs?: number;
  /** Longest retry delay in ms. Default 300000 (5 minutes). */
  retryMaxMs?: number;
  /** Load web-vitals (INP, LCP, CLS) lazily after the page settles. Default true. */
  vitals?: boolean;
  /** Where the lazily loaded web-vitals chunk lives (script tag builds). Default: beside touchmap.js. */
  vitalsUrl?: string;
  /**
   * The ordered steps of the site's funnels by name, e.g. `{ checkout: ['cart', 'shipping',
   * 'payment', 'confirmation'] }`. The last step is the funnel's goal: the micro-survey's
   * `complete` and `abandon` triggers need it. Steps are reported by `step()` and `data-funnel-step`.
   */
  funnels?: Record<string, string[]>;
  /** The optional micro-survey (one question, CSAT or emoji). Default: none, and nothing is loaded. */
  survey?: SurveyOptions;
  /** Where the lazily loaded survey chunk lives (script tag builds). Default: beside touchmap.js. */
  surveyUrl?: string;
  /** Log failures to the console instead of staying silent. Default false. */
  debug?: boolean;
  /** Rage click: this many clicks… Default 3. */
  rageClicks?: number;
  /** …each less than this many ms after the previous… Default 1000. */
  rageWindowMs?: number;
  /** …within this many px of the first. Default 30. */
  rageRadiusPx?: number;
  /** Dead click: no DOM change within this many ms. Default 2500. */
  deadMutationMs?: number;
  /** Dead click: no scroll or selection change within this many ms. Default 100. */
  deadScrollMs?: number;
  /** Dead click: no focus or visibility change within this many ms. Default 1000. */
  deadFocusMs?: number;
  /** Error click: an uncaught error within this many ms of a click. Default 2000. */
  errorClickMs?: number;
  /** Hover: the pointer rests on one element at least this long. Default 1000. */
  dwellMs?: number;
  /** Move map: at most one sample per this many ms. Default 100. */
  moveSampleMs?: number;
  /** Thrashed cursor: this many direction changes… Default 20. */
  thrashChanges?: number;
  /** …within this many ms. Default 2000. */
  thrashWindowMs?: number;
  /** Quick back: a back navigation within this many ms of arriving. Default 5000. */
  quickBackMs?: number;
  /** U-turn: leaving a page and returning to it within this many ms. Default 10000. */
  uTurnMs?: number;
  /** Excessive scrolling: this many direction reversals of at least a quarter viewport… Default 3. */
  scrollReversals?: number;
  /** …within this many ms, with no click or input. Default 10000. */
  scrollWindowMs?: number;
}

/** Options without a default stay optional. */
type Optional = 'vitalsUrl' | 'surveyUrl' | 'survey' | 'funnels';
export type Config = Required<Omit<Options, Optional>> & Pick<Options, Optional>;

export const defaults: Omit<Config, 'site' | 'endpoint'> = {
  requireConsent: false,
  respectDoNotTrack: false,
  sampleRate: 1,
  sessionTimeoutMinutes: 30,
  batchSize: 50,
  flushIntervalMs: 5000,
  maxBufferedEvents: 10000,
  retryBaseMs: 1000,
  retryMaxMs: 300000,
  vitals: true,
  debug: false,
  rageClicks: 3,
  rageWindowMs: 1000,
  rageRadiusPx: 30,
  deadMutationMs: 2500,
  deadScrollMs: 100,
  deadFocusMs: 1000,
  errorClickMs: 2000,
  dwellMs: 1000,
  moveSampleMs: 100,
  thrashChanges: 20,
  thrashWindowMs: 2000,
  quickBackMs: 5000,
  uTurnMs: 10000,
  scrollReversals: 3,
  scrollWindowMs: 10000,
};

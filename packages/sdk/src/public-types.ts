// The public types, in a module that imports nothing: the published declarations of the ESM
// package must not reach into internal modules (or the private protocol package).

export type Scalar = string | number | boolean;

/**
 * The optional micro-survey: one question, answered on a 1–5 scale, shown at most once per
 * session (never before consent when `requireConsent` is set, never in an unsampled session).
 * Its UI is a separate chunk, fetched only when a trigger fires.
 */
export interface SurveyOptions {
  /** The question's id, sent with every answer (`q`), e.g. `checkout-csat`. */
  id: string;
  /** The question shown, e.g. "How easy was it to place your order?". */
  question: string;
  /** `csat`: buttons 1–5; `emoji`: 😠 🙁 😐 🙂 😍 (sent as 1–5). Default csat. */
  scale?: 'csat' | 'emoji';
  /** When to ask; the first trigger that fires in a session shows it. */
  at?: {
    /** A touchpoint reached: `touchpoint(name)` or a click inside `data-touchpoint="name"`. */
    touchpoints?: string[];
    /** A funnel completed: its last step (the last one listed in the `funnels` option) reached. */
    complete?: string[];
    /**
     * A funnel abandoned: exit intent (the pointer leaves the window through its top edge) while
     * the funnel was started (any of its steps reached) and not completed in this session.
     */
    abandon?: string[];
  };
  /** Share of sessions that may be asked, 0..1. Default 1. */
  sampleRate?: number;
}

/** The public API, the same for the ESM import and the script tag. */
export interface Tracker {
  /** Marks a named touchpoint reached, e.g. `touchpoint('pricing-cta')`. */
  touchpoint(name: string): void;
  /** Marks a funnel step reached, e.g. `step('checkout', 'payment')`. */
  step(funnel: string, step: string): void;
  /** Records a custom event; `track('purchase', { value: 42 })` feeds revenue-lost estimates. */
  track(name: string, props?: Record<string, Scalar>): void;
  /** Gives (true) or withdraws (false) consent; with `requireConsent`, nothing is stored or sent before true. */
  consent(granted: boolean): void;
  /** Non-identifying traits of this session for segmenting maps (plan, cohort, …). Never personal data. */
  segment(traits: Record<string, Scalar>): void;
  /** Sends what is buffered now; resolves when delivered or scheduled for retry. */
  flush(): Promise<void>;
  /** Ends the session now (e.g. on sign-out); the next event starts a new one. */
  endSession(): void;
  /** Stops capturing, removes every listener and sends what is buffered. */
  shutdown(): Promise<void>;
}

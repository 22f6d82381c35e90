// The public types, in a module that imports nothing: the published declarations of the ESM
// package must not reach into internal modules (or the private protocol package).

export type Scalar = string | number | boolean;

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

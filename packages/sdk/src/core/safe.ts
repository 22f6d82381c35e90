let debug = false;
let reported = false;

export function setDebug(on: boolean): void {
  debug = on;
}

/**
 * Never throw into the host page: every callback the SDK hands the browser goes through this.
 * A failure is reported once (every failure in debug mode) and swallowed.
 */
export function safe<A = void, B = void>(fn: (a: A, b: B) => void): (a: A, b: B) => void {
  // Two fixed parameters, not rest: hooks run on every pointer move, and rest allocates.
  return (a, b) => {
    try {
      fn(a, b);
    } catch (e) {
      report(e);
    }
  };
}

export function report(e: unknown): void {
  if (debug || !reported) console.warn('[touchmap]', e);
  reported = true;
}

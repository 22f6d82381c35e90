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

/**
 * Runs every function of `fns` with `a` and `b`, in order; one that throws is reported and the
 * rest still run. One `try` around the loop, resumed after a failure: the hot paths (every
 * pointer move) call handlers directly instead of through a `safe` wrapper each.
 */
export function runAll<A, B>(fns: ((a: A, b: B) => void)[], a: A, b: B): void {
  for (let i = 0; i < fns.length; )
    try {
      while (i < fns.length) fns[i++]!(a, b);
    } catch (e) {
      report(e);
    }
}

import { randomId } from './ids.ts';

export interface Session {
  /** Session id. */
  id: string;
  /** Last activity, epoch ms. */
  last: number;
  /** True when the visitor had a session on this site before this one. */
  returning: boolean;
  /** Whether this session is recorded (the sampling decision, made once per session). */
  sampled: boolean;
}

interface Stored {
  i: string;
  l: number;
  r: 0 | 1;
  s: 0 | 1;
}

/**
 * Sessions live in localStorage (synchronous, shared by the site's tabs) so that a reload or a
 * second tab continues the same session, and a session ends after `timeoutMs` of inactivity.
 * Nothing is written while `persist` is false (consent not yet given): a new session then lives
 * in memory only.
 */
export function createSessions(site: string, timeoutMs: number, sampleRate: number) {
  const key = 'touchmap:s:' + site;
  let mem: Session | undefined;
  let persist = false;

  // Reading is allowed before consent (it only finds what an earlier, consented page stored);
  // writing is not. Persisting tabs share the stored record; others prefer their own.
  const read = (): Session | undefined => {
    let stored: Session | undefined;
    try {
      const s = JSON.parse(localStorage.getItem(key) ?? 'null') as Stored | null;
      if (s) stored = { id: s.i, last: s.l, returning: !!s.r, sampled: !!s.s };
    } catch {}
    return persist ? (stored ?? mem) : (mem ?? stored);
  };
  const write = (s: Session) => {
    mem = s;
    if (!persist) return;
    try {
      localStorage.setItem(key, JSON.stringify({ i: s.id, l: s.last, r: s.returning ? 1 : 0, s: s.sampled ? 1 : 0 } satisfies Stored));
    } catch {
      // Storage full or blocked: the in-memory session still works for this page.
    }
  };

  return {
    /** The current session, touched at `now`; a new one if the last expired. `ended` forces a new one. */
    touch(now: number, ended = false): Session & { fresh: boolean } {
      const prev = read();
      if (prev && !ended && now - prev.last < timeoutMs) {
        const s = { ...prev, last: now };
        write(s);
        return { ...s, fresh: false };
      }
      const s: Session = { id: randomId(), last: now, returning: !!prev, sampled: Math.random() < sampleRate };
      write(s);
      return { ...s, fresh: true };
    },
    /** Starts (or stops) persisting; called when consent is given or withdrawn. */
    setPersist(on: boolean): void {
      persist = on;
      if (on && mem) write(mem);
      if (!on) {
        try {
          localStorage.removeItem(key);
        } catch {}
      }
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;

import { randomId } from './ids.ts';
import { local } from './local.ts';

export interface Session {
  /** Session id. */
  id: string;
  /** Last activity, epoch ms. */
  last: number;
  /** True when the visitor had a session on this site before this one. */
  returning: boolean;
  /** Whether this session is recorded (the sampling decision, made once per session). */
  sampled: boolean;
  /** The micro-survey chunk's state (survey/chunk.ts): it was shown in this session. */
  a?: 1;
  /** …and the funnels of its `abandon` trigger started and not completed: funnel → latest step. */
  f?: Record<string, string>;
}

/**
 * Sessions live in localStorage (synchronous, shared by the site's tabs) so that a reload or a
 * second tab continues the same session, and a session ends after `timeoutMs` of inactivity.
 * Nothing is written while `persist` is false (consent not yet given): a new session then lives
 * in memory only. Reading is allowed before consent: it only finds what an earlier, consented
 * page stored.
 */
/** Where a site's session record lives in localStorage. */
export const sessionKey = (site: string): string => 'touchmap:s:' + site;

export function createSessions(site: string, timeoutMs: number, sampleRate: number) {
  const key = sessionKey(site);
  let mem: Session | undefined;
  let persist = false;
  const write = (s: Session) => {
    mem = s;
    if (persist) local(key, s);
  };
  return {
    /** The current session, touched at `now`; a new one if the last expired or `ended`. */
    touch(now: number, ended = false): Session {
      const stored = local<Session>(key);
      // Persisting tabs share the stored record; a tab without consent prefers its own.
      const prev = persist ? (stored ?? mem) : (mem ?? stored);
      const s: Session =
        prev && !ended && now - prev.last < timeoutMs ? { ...prev, last: now } : { id: randomId(), last: now, returning: !!prev, sampled: Math.random() < sampleRate };
      write(s);
      return s;
    },
    /** Starts (or stops) persisting; called when consent is given or withdrawn. */
    setPersist(on: boolean): void {
      persist = on;
      // On: store the tab's session (if any yet); off: delete the stored one.
      if (mem || !on) local(key, on ? mem : null);
    },
  };
}


import type { Event } from '@touchmap/protocol';

/** An event as the journey model reads it: the protocol event with its session, page view and page. */
export type JourneyEvent = Event & {
  sid: string;
  pv: string;
  /** The URL (path + query) of the event's page view, when known. */
  url?: string;
};

/** A session: one visitor's events in time order, from its first event to its end. */
export interface Session {
  id: string;
  events: JourneyEvent[];
  /** Whether it has ended (30 minutes idle or an explicit end); only ended sessions abandon. */
  ended: boolean;
}

/** A session ends after 30 minutes without events, or at an explicit `end` event (domain.md). */
export const SESSION_IDLE_MS = 30 * 60_000;

/**
 * Splits events into sessions: by session id, in time order (ties keep their order), cut
 * where 30 minutes pass without an event or after an `end` event. The SDK rotates its session
 * id on the same rules; the cut here also covers ids reused across a long gap. `now` decides
 * whether the last session of an id has ended.
 */
export function sessionize(events: JourneyEvent[], now: number): Session[] {
  const bySid = new Map<string, JourneyEvent[]>();
  for (const e of events) {
    const list = bySid.get(e.sid);
    if (list) list.push(e);
    else bySid.set(e.sid, [e]);
  }
  const out: Session[] = [];
  for (const [sid, list] of bySid) {
    const sorted = list.map((e, i) => [e, i] as const).sort((a, b) => a[0].t - b[0].t || a[1] - b[1]).map(([e]) => e);
    let current: JourneyEvent[] = [];
    let n = 0;
    const close = (ended: boolean) => {
      // The first session keeps the id; later ones under the same id are numbered.
      if (current.length) out.push({ id: n++ ? `${sid}#${n - 1}` : sid, events: current, ended });
      current = [];
    };
    for (const e of sorted) {
      const last = current[current.length - 1];
      if (last && e.t - last.t > SESSION_IDLE_MS) close(true);
      current.push(e);
      if (e.k === 'end') close(true);
    }
    const last = current[current.length - 1];
    close(last ? now - last.t > SESSION_IDLE_MS : true);
  }
  return out;
}

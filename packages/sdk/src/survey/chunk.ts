import type { EventBody } from '@touchmap/protocol';
import type { Listeners } from '../core/listen.ts';
import type { Session } from '../core/session.ts';
import type { Config } from '../options.ts';
import { abandonOf, inSample, openFunnels, triggerOf, type Ask } from './rules.ts';
import { showSurvey } from './ui.ts';

/** The session record's localStorage key (core/session.ts's; a test keeps them equal). */
export const recordKey = (site: string): string => 'touchmap:s:' + site;

/**
 * The lazily loaded micro-survey, started by the core's filter (survey/trigger.ts) with what it
 * needs as plain arguments (internal property names are mangled differently in each build;
 * options and the listener registry's `on`/`add` never are). Returns the handler of each event
 * the filter passes on.
 *
 * Its state rides on the session's record in localStorage (`a`: shown; `f`: open funnels), so
 * it holds across reloads and tabs and ends with the session. It only runs after consent, when
 * the record is stored, and consent(false) deletes the record. Its own module imports nothing
 * from the core, so the ESM build shares no chunk between the two.
 */
export function startSurvey(
  cfg: Config,
  emit: (e: EventBody) => void,
  canStore: () => boolean,
  session: () => Session,
  l: Pick<Listeners, 'on' | 'add'>,
): (e: EventBody) => void {
  const o = cfg.survey!;
  const at = o.at ?? {};
  const funnels = cfg.funnels ?? {};
  const scale = o.scale == 'emoji' ? 'emoji' : 'csat';
  const key = recordKey(cfg.site);
  /** The current session's record (with `patch` written), unless another tab ended it or it expired. */
  const record = (patch?: Partial<Session>): Session | undefined => {
    try {
      let s = JSON.parse(localStorage.getItem(key)!) as Session | null;
      if (!canStore() || s?.id != session().id || Date.now() - s.last >= cfg.sessionTimeoutMinutes * 60_000) return undefined;
      if (patch) localStorage.setItem(key, JSON.stringify((s = { ...s, ...patch })));
      return s;
    } catch {
      return undefined;
    }
  };
  const ask = (a?: Ask) => {
    const s = a && record();
    if (!s || s.a || !inSample(s.id, o.sampleRate ?? 1) || !record({ a: 1 })) return;
    l.add(showSurvey(String(o.question), scale, (v) => emit({ k: 'survey', q: String(o.id).slice(0, 100), scale, v, at: a[0], why: a[1] })));
  };
  // Exit intent: the pointer leaves the window through its top edge (towards the tabs or the
  // address bar). Only desktop pointers do that; touch has no equivalent.
  if (at.abandon) l.on<MouseEvent>('mouseout', (e) => !e.relatedTarget && e.clientY <= 0 && ask(abandonOf(record()?.f)));
  return (e) => {
    const was = record()?.f ?? {};
    const f = openFunnels(at, funnels, was, e);
    // An empty set is removed, so the core sees a falsy `f` and no longer fetches us on page views.
    if (f != was) record({ f: Object.keys(f).length ? f : undefined });
    ask(triggerOf(at, funnels, e));
  };
}

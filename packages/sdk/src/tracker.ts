import type { EventBody } from '@touchmap/protocol';
import { durableStore } from './buffer/store.ts';
import type { Ctx } from './core/context.ts';
import { randomId } from './core/ids.ts';
import { createListeners } from './core/listen.ts';
import { report, safe, setDebug } from './core/safe.ts';
import { createSessions } from './core/session.ts';
import { createOutbox } from './delivery/outbox.ts';
import { createReactions } from './dom/reactions.ts';
import { maskEmails } from './dom/selector.ts';
import { defaults, type Config, type Options } from './options.ts';
import { signals } from './signals/index.ts';
import { vitals, type VitalsLoader } from './signals/vitals.ts';

type Scalar = string | number | boolean;

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

const clean = (r: Record<string, Scalar> = {}): Record<string, Scalar> => {
  const out: Record<string, Scalar> = {};
  for (const [k, v] of Object.entries(r).slice(0, 20))
    if (['string', 'number', 'boolean'].includes(typeof v)) out[String(k).slice(0, 100)] = typeof v === 'string' ? v.slice(0, 100) : v;
  return out;
};

const deviceClass = (): 'm' | 't' | 'd' => {
  const coarse = matchMedia('(pointer: coarse)').matches;
  return coarse && innerWidth < 768 ? 'm' : coarse && innerWidth < 1280 ? 't' : 'd';
};

/** Starts capturing with `options`; `loadVitals` fetches the lazy web-vitals chunk. */
export function startTracker(options: Options, loadVitals: VitalsLoader): Tracker {
  const cfg: Config = { ...defaults, ...options };
  setDebug(cfg.debug);
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  const optedOut = cfg.respectDoNotTrack && (nav.globalPrivacyControl === true || nav.doNotTrack === '1');
  if (!cfg.site || !cfg.endpoint || optedOut) {
    if (!optedOut) report(new Error('touchmap: init needs `site` and `endpoint`'));
    const noop = () => {};
    return { touchpoint: noop, step: noop, track: noop, consent: noop, segment: noop, endSession: noop, flush: async () => {}, shutdown: async () => {} };
  }

  const l = createListeners();
  const sessions = createSessions(cfg.site, cfg.sessionTimeoutMinutes * 60_000, cfg.sampleRate);
  const outbox = createOutbox(cfg, durableStore((e) => report(e)));
  const pageEnds: ((ended: boolean) => void)[] = [];
  const pageViews: ((url: string, nav: string) => void)[] = [];
  let consented = !cfg.requireConsent;
  let refused = false;
  let session = sessions.touch(Date.now());
  let touchedAt = Date.now();
  let pv = '';
  let seq = 0;
  let path = '';
  let hidden = false;

  const emit = (body: EventBody): void => {
    if (refused) return;
    const t = Date.now();
    // Session bookkeeping writes localStorage: at most every 5 s, not on every event.
    if (t - touchedAt > 5000) {
      const prev = session.id;
      session = sessions.touch(t);
      touchedAt = t;
      if (session.id !== prev) return pageView('navigate', body);
    }
    if (!session.sampled) return;
    outbox.push(session.id, pv, { id: pv + '.' + (seq++).toString(36), t, ...body });
  };

  /** Starts a page view (new id, `pv` event), then emits `first` on it if given. */
  const pageView = (how: string, first?: EventBody): void => {
    pv = randomId(12);
    seq = 0;
    path = location.pathname;
    // Digits stay (ids group into page patterns later); e-mail addresses never leave the page.
    const url = maskEmails(location.pathname + location.search).slice(0, 1024);
    const q = new URLSearchParams(location.search);
    const utm = { s: q.get('utm_source'), m: q.get('utm_medium'), c: q.get('utm_campaign') };
    let ref: string | undefined;
    try {
      const r = new URL(document.referrer);
      if (r.origin !== location.origin) ref = (r.origin + r.pathname).slice(0, 1024);
    } catch {}
    emit({
      k: 'pv',
      url,
      nav: how as 'navigate',
      vw: innerWidth,
      vh: innerHeight,
      sw: screen.width,
      dev: deviceClass(),
      ...(ref ? { ref } : {}),
      ...(session.returning ? {} : { nv: 1 as const }),
      ...(utm.s || utm.m || utm.c ? { utm: Object.fromEntries(Object.entries(utm).filter((e) => e[1]).map(([k, v]) => [k, v!.slice(0, 100)])) } : {}),
    });
    if (first) emit(first);
    for (const f of pageViews) safe(f)(url, how);
  };

  const pageEnd = (ended: boolean) => {
    for (const f of pageEnds) safe(f)(ended);
  };

  const ctx: Ctx = {
    cfg,
    l,
    emit,
    reactions: createReactions(l, cfg.endpoint),
    onPageEnd: (f) => void pageEnds.push(f),
    onPageView: (f) => void pageViews.push(f),
    canStore: () => consented,
  };
  for (const s of [...signals, vitals(loadVitals)]) safe(s)(ctx);

  // SPA route changes: history.pushState/replaceState don't fire events, so they are wrapped.
  const route = safe(() => {
    if (location.pathname === path) return;
    pageEnd(true);
    ctx.reactions.push('n');
    pageView('spa');
  });
  const h = history;
  const push = h.pushState;
  const replace = h.replaceState;
  h.pushState = function (...a: Parameters<History['pushState']>) {
    push.apply(this, a);
    route();
  };
  h.replaceState = function (...a: Parameters<History['replaceState']>) {
    replace.apply(this, a);
    route();
  };
  l.add(() => {
    h.pushState = push;
    h.replaceState = replace;
  });
  l.on(window, 'popstate', route);

  // Page hide: summaries, then the beacon. visibilitychange is taken on window, bubbling, so it
  // runs after web-vitals' capturing document listener has reported INP and CLS.
  l.on(
    window,
    'visibilitychange',
    safe(() => {
      if (document.visibilityState !== 'hidden' || hidden) return;
      hidden = true;
      pageEnd(false);
      outbox.beaconAll();
    }),
    false,
  );
  l.on(document, 'visibilitychange', () => document.visibilityState === 'visible' && (hidden = false));
  l.on(
    window,
    'pagehide',
    safe(() => {
      pageEnd(true);
      outbox.beaconAll();
    }),
  );
  l.on<PageTransitionEvent>(
    window,
    'pageshow',
    safe((e) => e.persisted && pageView('back_forward')),
  );

  pageView((performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.type ?? 'navigate');

  const enable = () => {
    sessions.setPersist(true);
    void outbox.enable().catch(report);
  };
  if (consented) enable();

  return {
    touchpoint: (name) => emit({ k: 'tp', name: String(name).slice(0, 100) }),
    step: (f, s) => emit({ k: 'step', f: String(f).slice(0, 100), s: String(s).slice(0, 100) }),
    track: (name, props) => {
      const p = clean(props);
      emit({ k: 'track', name: String(name).slice(0, 100), ...(Object.keys(p).length ? { props: p } : {}) });
    },
    segment: (traits) => emit({ k: 'seg', traits: clean(traits) }),
    consent(granted) {
      if (granted && !consented) {
        consented = true;
        refused = false;
        enable();
      } else if (!granted) {
        consented = false;
        refused = true;
        sessions.setPersist(false);
        void outbox.disable();
      }
    },
    flush: () => outbox.flush(),
    endSession() {
      emit({ k: 'end' });
      session = sessions.touch(Date.now(), true);
      touchedAt = Date.now();
      pageView('navigate');
    },
    async shutdown() {
      pageEnd(true);
      l.stopAll();
      await outbox.flush();
      outbox.stop();
    },
  };
}

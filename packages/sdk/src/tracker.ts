import type { EventBody } from '@touchmap/protocol';
import { durableStore } from './buffer/store.ts';
import type { Click, Ctx } from './core/context.ts';
import { randomId } from './core/ids.ts';
import { createListeners } from './core/listen.ts';
import { local } from './core/local.ts';
import { report, runAll, safe, setDebug } from './core/safe.ts';
import { createSessions, type Session } from './core/session.ts';
import { createOutbox } from './delivery/outbox.ts';
import { addScript } from './dom/add-script.ts';
import { pointOf, position } from './dom/position.ts';
import { createReactions, type Mark } from './dom/reactions.ts';
import { maskEmails, selector } from './dom/selector.ts';
import { ignored, interactiveTarget, navigatesAway, targetOf, unjudged } from './dom/tree.ts';
import { labelText } from './dom/text.ts';
import { defaults, type Config, type Options } from './options.ts';
import { signals } from './signals/index.ts';
import { HISTORY_KEY } from './signals/quick-back.ts';
import { vitals, type VitalsLoader } from './signals/vitals.ts';
import { surveyTrigger, type SurveyLoader } from './survey/trigger.ts';

import type { Scalar, Tracker } from './public-types.ts';

export type { Tracker };

const name = (s: unknown) => String(s).slice(0, 100);

/** A hash router's route (`#/cart`, `#!/cart`; not its empty home `#/`): part of the page. An anchor (`#reviews`) is not. */
const hashRoute = () => (/^#!?\/[^?]/.test(location.hash) ? location.hash : '');
/** The page shown: what a route change changes. */
const pageOf = () => location.pathname + hashRoute();

/** At most 20 scalar props, names and strings cut to 100 characters. */
const scalars = (r: Record<string, Scalar> = {}): Record<string, Scalar> | undefined => {
  const out: Record<string, Scalar> = {};
  let n = 0;
  for (const k in r) {
    const v = r[k];
    if (n < 20 && (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string')) (out[name(k)] = typeof v === 'string' ? name(v) : v), n++;
  }
  return n ? out : undefined;
};

/** Starts capturing with `options`; `loadVitals` and `loadSurvey` fetch the lazy chunks. */
export function startTracker(options: Options, loadVitals: VitalsLoader, loadSurvey: SurveyLoader): Tracker {
  // Options left undefined (a data attribute not given) keep their defaults.
  const cfg = { ...defaults } as Config;
  for (const k in options) if (options[k as keyof Options] != null) (cfg as unknown as Record<string, unknown>)[k] = options[k as keyof Options];
  setDebug(cfg.debug);
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  const missing = !cfg.site || !cfg.endpoint;
  if (missing) report('init: site and endpoint are required');
  // Every method a no-op (flush and shutdown resolve).
  if (missing || (cfg.respectDoNotTrack && (nav.globalPrivacyControl || nav.doNotTrack == '1'))) return new Proxy({} as Tracker, { get: () => async () => {} });

  const l = createListeners();
  const sessions = createSessions(cfg.site, cfg.sessionTimeoutMinutes * 60_000, cfg.sampleRate);
  // Created in the start-up's second task (below), like the session: until then events wait in
  // `early`, and flush waits for `started`.
  let outbox: ReturnType<typeof createOutbox> | undefined;
  let ready: () => void;
  let overlaid = false;
  const started = new Promise<void>((r) => (ready = r));
  const pageEnds: ((ended: boolean) => void)[] = [];
  const pageViews: ((url: string, nav: string) => void)[] = [];
  const clicks: ((c: Click) => void)[] = [];
  const moves: ((e: PointerEvent) => void)[] = [];
  // Hooks run through runAll (never throwing into the page): nothing is allocated per event.
  const hook =
    <A, B>(list: ((a: A, b: B) => void)[]) =>
    (f: (a: A, b: B) => void) =>
      void list.push(f);
  let consented = !cfg.requireConsent;
  let refused = false;
  // The session is read from localStorage a few tasks after start (see the steps below): the first
  // access to storage loads it synchronously (milliseconds). Events of that first moment (and the
  // page view itself) wait in `early`.
  let session: Session | undefined;
  let early: [EventBody, number][] | undefined = [];
  let touchedAt = 0;
  // True while page-end summaries are emitted: they belong to the page view they summarise.
  let ending = false;
  let pv = '';
  let seq = 0;
  let path = pageOf();

  const emit = (body: EventBody, t = Date.now(), on = pv): void => {
    if (early) return void early.push([body, t]);
    // Session bookkeeping writes localStorage: at most every 5 s, not on every event. Summaries
    // at page end never start a session: after 30 idle minutes they would open a page view of
    // the new session that only carries the old page's scroll depth and moves.
    if (t - touchedAt > 5000 && !ending) {
      const prev = session!.id;
      session = sessions.touch((touchedAt = t));
      if (session.id != prev) return pageView('navigate', body);
    }
    if (session!.sampled && !refused) {
      // `seq` counts for the whole load, not per page view: an event placed on an earlier page
      // view (`on`) cannot take an id that page view already used.
      outbox!.push(session!.id, on, { id: on + '.' + (seq++).toString(36), t, ...body });
      surveyed?.(body);
    }
  };

  /** Starts a page view (new id, `pv` event at `t`), then emits `first` on it if given. */
  const pageView = (how: string, first?: EventBody, t = Date.now()): void => {
    // The session first (a SPA route or a back-forward restore after 30 idle minutes starts a
    // new one), so that the pv event is not itself taken for the new session's first event, and
    // `nv` describes the session it opens.
    if (session && t - touchedAt > 5000) session = sessions.touch((touchedAt = t));
    pv = randomId(12);
    path = pageOf();
    // Digits stay (ids group into page patterns later); e-mail addresses never leave the page.
    const url = maskEmails(location.pathname + location.search + hashRoute()).slice(0, 1024);
    const q = new URLSearchParams(location.search);
    let utm: { [k in 's' | 'm' | 'c']?: string } | undefined;
    for (const k of ['source', 'medium', 'campaign']) {
      const v = q.get('utm_' + k);
      if (v) (utm ??= {})[k[0] as 's'] = v.slice(0, 100);
    }
    let ref: string | undefined;
    // Only a referrer is parsed: a URL constructor that throws (on "") costs milliseconds.
    if (document.referrer)
      try {
        const r = new URL(document.referrer);
        if (r.origin != location.origin) ref = (r.origin + r.pathname).slice(0, 1024);
      } catch {}
    const coarse = matchMedia('(pointer:coarse)').matches;
    emit({
      k: 'pv',
      url,
      nav: how as 'navigate',
      vw: innerWidth,
      vh: innerHeight,
      sw: screen.width,
      dev: !coarse ? 'd' : innerWidth < 768 ? 'm' : innerWidth < 1280 ? 't' : 'd',
      ref,
      nv: session && !session.returning ? 1 : undefined,
      utm,
    }, t);
    if (first) emit(first);
    runAll(pageViews, url, how);
  };

  const pageEnd = (ended: boolean) => {
    ending = true;
    runAll(pageEnds, ended, undefined);
    ending = false;
  };

  let ctx: Ctx;
  let surveyed: ReturnType<typeof surveyTrigger> | undefined;
  // Page hide: summaries, then the beacon. visibilitychange is taken on window, bubbling, so it
  // runs after web-vitals' capturing listeners have reported INP and CLS.
  const hide = (ended: boolean) => {
    finish();
    pageEnd(ended);
    outbox?.beaconAll();
  };
  /** The shared listeners: the start-up's first step. */
  const listen = () => {
    ctx = {
      cfg,
      l,
      emit: (e, on) => emit(e, undefined, on),
      // Watched a little longer than the longest window any detector reads, so the log is still
      // there when a detector's timer reads it.
      reactions: createReactions(l, cfg.endpoint, Math.max(cfg.deadMutationMs, cfg.deadFocusMs, cfg.deadScrollMs, cfg.rageWindowMs) + 200),
      onClick: hook(clicks),
      onPointerMove: hook(moves),
      onPageEnd: hook(pageEnds),
      onPageView: hook(pageViews),
      canStore: () => consented,
    };
    // One click listener for every signal: trusted primary clicks outside data-touchmap-ignore.
    l.on<MouseEvent>('click', (e) => {
      const t = targetOf(e);
      if (!e.isTrusted || e.button || !t || ignored(t)) return;
      const hit = ctx.reactions.hitOf(t, e);
      const el = hit ?? t;
      const p = pointOf(e);
      const sel = selector(el);
      let w: ReturnType<typeof position> | undefined;
      let u: boolean | undefined;
      let m: Mark | undefined;
      const c: Click = {
        e,
        t,
        hit,
        el,
        p,
        sel,
        pv,
        where: () => (w ??= position(el, p, sel)),
        unjudged: () => (u ??= unjudged(t, el)),
        press: () => (m ??= ctx.reactions.mark(e)),
      };
      runAll(clicks, c, undefined);
    });
    l.on<PointerEvent>('pointermove', (e) => {
      if (e.isTrusted && e.pointerType != 'touch') runAll(moves, e, undefined);
    });

    // SPA route changes: history.pushState/replaceState fire no event, so they are wrapped; a
    // hash router's link or `location.hash = …` fires popstate.
    const route = safe(() => {
      if (pageOf() == path) return;
      pageEnd(true);
      ctx.reactions.push('n');
      pageView('spa');
    });
    for (const m of ['pushState', 'replaceState'] as const) {
      const orig = history[m];
      history[m] = function (this: History, ...a: Parameters<History['pushState']>) {
        orig.apply(this, a);
        route();
      };
      l.add(() => (history[m] = orig));
    }
    l.onWindow('popstate', route as () => void);

    l.onWindow('visibilitychange', () => document.hidden && hide(false), false);
    l.onWindow('pagehide', () => hide(true));
    l.onWindow<PageTransitionEvent>('pageshow', (e) => e.persisted && pageView('back_forward'));
  };

  // Start-up in short tasks, each well under the 4 ms a task may take (compiling code on first
  // call and a tab's first storage access cost milliseconds each). `init` itself only merges the
  // options; then one task each: the shared listeners, the detectors, the overlay check (first
  // sessionStorage access), the outbox, the session (first localStorage access), the page view
  // with what waited in `early`, opening storage. Overlaid on the way: the rest is skipped.
  // Hidden or shut down on the way: the rest runs at once, so a quick bounce still counts and
  // nothing queued is lost.
  // A page the browser prerendered (speculation rules: a link hovered) may never be seen: it is
  // not a page view until the visitor activates it, so nothing starts before (no storage, no
  // listeners, nothing sent); its page view starts at activation, as `prerender`.
  const doc = document as Document & { prerendering?: boolean };
  const prerendered = !!doc.prerendering;
  let startedAt = Date.now();
  const steps = [
    listen,
    () => {
      // The detectors: compiling them takes milliseconds of their own.
      runAll([...signals, vitals(loadVitals)], ctx, undefined);
      surveyed = surveyTrigger(ctx, loadSurvey, () => session!);
    },
    () => {
      // A researcher with the overlay open is not a visitor: nothing they do is recorded.
      if (overlay(cfg.endpoint)) (overlaid = true), l.stopAll();
    },
    () => (outbox = createOutbox(cfg, durableStore(report))),
    () => (session = sessions.touch((touchedAt = Date.now()))),
    () => {
      const q = early!;
      early = undefined;
      pageView(prerendered ? 'prerender' : ((performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.type ?? 'navigate'), undefined, startedAt);
      // What the page's own code reported while prerendered, the visitor saw at activation.
      for (const [body, t] of q) emit(body, Math.max(t, startedAt));
    },
    () => {
      // Storage opens (IndexedDB, the tab's lock, the session's localStorage write) in a task of its own.
      if (consented) enable();
      // What a click runs, compiled now, a part per task: V8 compiles a function on its first
      // call, and inside the visitor's first click that took the task over 4 ms.
      const el = document.querySelector('button,a[href]');
      const warm = (fs: (() => unknown)[]) => el && fs.length && !document.hidden && (safe(fs.shift()!)(), setTimeout(warm, 0, fs));
      setTimeout(warm, 0, [() => selector(el!), () => position(el!, pointOf({} as MouseEvent), ''), () => (interactiveTarget(el!), ignored(el, 'dead'), navigatesAway(el!), labelText(el!))]);
    },
  ];
  const more = () => !overlaid && !doc.prerendering && steps.length > 0;
  const step = () => {
    if (more()) safe(steps.shift()!)();
    if (more()) setTimeout(step);
    else ready();
  };
  /** Runs what is left of the start-up now (the page is hiding or the tracker shutting down). */
  const finish = () => {
    while (more()) safe(steps.shift()!)();
    ready();
  };
  // (Shut down before that: stopAll disarms it.)
  if (prerendered) l.onNext('prerenderingchange', () => ((startedAt = Date.now()), step()));
  else setTimeout(step);

  const enable = () => {
    consented = true;
    refused = false;
    sessions.setPersist(true);
    void outbox?.enable();
  };

  return {
    touchpoint: (n) => emit({ k: 'tp', name: name(n) }),
    step: (f, s) => emit({ k: 'step', f: name(f), s: name(s) }),
    track: (n, props) => emit({ k: 'track', name: name(n), props: scalars(props) }),
    segment: (traits) => emit({ k: 'seg', traits: scalars(traits) ?? {} }),
    consent(granted) {
      if (granted && !consented) enable();
      else if (!granted) {
        consented = false;
        refused = true;
        sessions.setPersist(false);
        void outbox?.disable();
        // And what this tab kept (u-turn history), which an idle write may have stored since consent.
        local(HISTORY_KEY, null, true);
      }
    },
    flush: () => started.then(() => outbox?.flush()),
    endSession() {
      emit({ k: 'end' });
      if (session) session = sessions.touch((touchedAt = Date.now()), true);
      pageView('navigate');
    },
    async shutdown() {
      finish();
      pageEnd(true);
      l.stopAll();
      await outbox?.flush();
      outbox?.stop();
    },
  };
}

/**
 * Whether a researcher opened the overlay here (`?touchmap=overlay`, then for the rest of the
 * tab's session); if so the overlay script is fetched from the collector — only then, so
 * visitors never download it.
 */
function overlay(endpoint: string): boolean {
  try {
    const ss = sessionStorage;
    if (/[?&]touchmap=overlay\b/.test(location.search)) ss.setItem('touchmap:overlay', '1');
    if (!ss.getItem('touchmap:overlay')) return false;
  } catch {
    return false;
  }
  addScript(endpoint.replace(/\/$/, '') + '/overlay/touchmap-overlay.js');
  return true;
}

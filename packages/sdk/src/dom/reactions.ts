import type { Listeners } from '../core/listen.ts';
import { createMotions } from './motion.ts';
import { createRhythms } from './rhythm.ts';
import { interactiveTarget, targetOf } from './tree.ts';

/**
 * What counts as the page answering a press: m = DOM mutation (or a popover shown, media played
 * or muted, an animation), s = scroll, l = text selected, f = focus moved elsewhere or visibility
 * changed (or a validation bubble, a browser dialog), n = navigation (or a window opened), r =
 * request started (or a click by script, or the browser's own UI asked for: payment sheet,
 * passkey, permission prompt, picker, or a message from a frame), i = a form control's value changed (checkboxes, selects, date pickers change
 * no DOM; a value set by script fires no event at all) or a copy to the clipboard; p marks a press.
 */
export type Reaction = 'm' | 's' | 'l' | 'f' | 'n' | 'r' | 'i' | 'p';

/** Where a press sits in the log: answers are what comes after it, up to the next press. */
export interface Mark {
  seq: number;
  at: number;
}


/**
 * One shared watcher for the rage- and dead-click detectors. Answers are ordered by sequence,
 * not by timestamps: input events carry the platform's timestamps, which can trail the events
 * they cause, so "after the click" is decided by the order things happened in. A click's answer
 * window opens at its own press (pointerdown: mousedown-driven steppers answer there) and closes
 * at the next press (what follows answers that one). Answers are logged only for `windowMs`
 * after a press (the longest any detector asks about); between presses the MutationObserver
 * (on the document and every shadow root, which a document observer cannot see) only learns
 * which nodes change by themselves.
 */
export function createReactions(l: Listeners, endpoint: string, windowMs: number) {
  let log: [Reaction, number, number][] = [];
  let seq = 0;
  let until = 0;
  let pressed: Element | null = null;
  /** The press's target and the control it resolved to, until its click asks (`hitOf`). */
  let pressTarget: Element | null = null;
  let pressHit: Element | null = null;
  let press: Mark = { seq: 0, at: -Infinity };
  /** When the last press or click was handled: what the page does within 100 ms its handler did. */
  let inputAt = -Infinity;
  /** When the visitor last did anything that can change a page: a press, a key, a wheel, a touch, the pointer moved. */
  let userAt = -Infinity;
  /**
   * The press or click being handled. The page's own answer to it comes while it is dispatched
   * (its eventPhase is not NONE): every handler, in the document or a shadow root, and the
   * microtasks each queued (a framework's render, the observer's delivery of its changes). Not
   * until a timer: a frame's animation callbacks can run before it (a slider's step there is no
   * answer), and a listener per press to end it costs a dispatch on every press and click.
   */
  let handling: Event | undefined;
  const input = (e: Event) => {
    inputAt = performance.now();
    handling = e;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const opts: MutationObserverInit = { subtree: true, childList: true, attributes: true, characterData: true, attributeOldValue: true, characterDataOldValue: true };

  // What changes by itself answers nothing (rhythm.ts): a delivery of records in which some
  // node keeps its own pace is that node's tick (a carousel's turn moves its slides and dots
  // with its track; a looping slider moves its slide elements too), unless it comes while a
  // press or click is handled (a carousel's arrow; frameworks render there too). A toast added
  // to a region that refreshes itself still answers: the region's element, not its text, is
  // what changes then, and it keeps no pace. The observer stays connected between presses to
  // learn the paces.
  const keeps = createRhythms();
  const STATE = /^data-(pressed|hovered|hover|focused|focus|focus-visible|focus-within|user-valid|user-invalid)$/;
  /** Whether an attribute change only says the control is pressed, hovered or focused. */
  const reflects = (name: string | null, was: string | null, is: string | number | null) => {
    if (name != 'class') return !!name && STATE.test(name);
    const a: string[] = (was ?? '').match(/\S+/g) ?? [];
    const b: string[] = String(is ?? '').match(/\S+/g) ?? [];
    return [...a.filter((c) => !b.includes(c)), ...b.filter((c) => !a.includes(c))].every((c) => /focus|hover|press/i.test(c));
  };
  /** Whether the visitor has done nothing for 1.5 s: what changes now changes by itself. */
  const alone = (now: number) => now - Math.max(userAt, inputAt) > 1500;
  const changed = (records: MutationRecord[]) => {
    const now = performance.now();
    const a = alone(now);
    let tick = false;
    let news = false;
    // A node keeps its parent's pace too: a pagination's dots take turns being current, each at
    // an uneven pace, the pagination at the slider's.
    for (const { type, target, attributeName, attributeNamespace, oldValue } of records) {
      const value = type == 'childList' ? 0 : type[0] == 'a' ? (target as Element).getAttributeNS(attributeNamespace, attributeName!) : (target as CharacterData).data;
      // Set to what it was (a page's click-anywhere handler closing what is not open): no change.
      // An element showing that it is pressed, hovered or focused, or no longer, as components
      // reflect it (React Aria's data-pressed, Shoelace's button--focused): what :active or
      // :focus would show, not an answer. Its other changes (aria-pressed, "active") are.
      if (oldValue !== value && !reflects(attributeName, oldValue, value))
        keeps(target, now, a) || (target.parentNode && keeps(target.parentNode, now, a)) ? (tick = true) : (news = true);
    }
    const inTask = !!handling?.eventPhase;
    if (news ? inTask || !tick : tick && inTask) push('m');
  };
  const mo = new MutationObserver(changed);
  // pointermove, not pointerover: the tracker's move dispatcher already listens for it, and a
  // listener of its own cost a browser-to-JS dispatch on every element the pointer crossed.
  for (const type of ['pointermove', 'keydown', 'wheel', 'touchstart']) l.on(type, (e) => e.isTrusted && (userAt = e.timeStamp));

  // Every shadow root of the page, watched from each press: a click in one component is often
  // answered inside another's (Lit, Shoelace: a badge or a list re-rendered by a property), off
  // the click's path and out of a document observer's sight. Roots attached from now on are
  // taken as they are made (closed ones too); open ones made before are found by one walk, in a
  // task of its own. A root whose host left the document is let go.
  const roots = new Set<ShadowRoot>();
  const attach = Element.prototype.attachShadow;
  const watch = (r: ShadowRoot) => (roots.add(r), mo.observe(r, opts));
  const attachOwn = function (this: Element, init: ShadowRootInit) {
    const r = attach.call(this, init);
    watch(r);
    return r;
  };
  Element.prototype.attachShadow = attachOwn;
  // A tree walker per root (the fastest way through a DOM: ~1 ms for 5,000 elements), resumed
  // in the next task past 2 ms, so a huge page never gets a long task from it.
  let webgl = () => {};
  const walkers = [document.createTreeWalker(document, 1)];
  const walk = () => {
    const end = performance.now() + 2;
    for (let w, i = 0; (w = walkers[0]); i++) {
      const el = w.nextNode() as Element | null;
      if (!el) walkers.shift();
      else if (el.shadowRoot) watch(el.shadowRoot), walkers.push(document.createTreeWalker(el.shadowRoot, 1));
      else if (el.localName == 'canvas') setTimeout(() => webgl());
      if (!(i & 255) && performance.now() > end) return void (walking = setTimeout(walk));
    }
  };
  let walking = setTimeout(walk);
  l.add(() => {
    clearTimeout(walking);
    if (Element.prototype.attachShadow === attachOwn) Element.prototype.attachShadow = attach;
  });

  const push = (r: Reaction) => {
    const at = performance.now();
    if (at <= until) log.push([r, at, ++seq]);
  };

  // Observed afresh after each watch: roots whose host left the document are let go (an
  // observer holds what it observes). The log stays: a check whose timer runs late (a busy page,
  // a batch of checks) still reads its answers; the next press prunes it.
  const connect = () => {
    if (performance.now() < until) return void (timer = setTimeout(connect, until - performance.now() + 1));
    timer = undefined;
    changed(mo.takeRecords());
    mo.disconnect();
    mo.observe(document, opts);
    for (const r of roots) r.host.isConnected ? mo.observe(r, opts) : roots.delete(r);
    inFrames();
  };
  // Same-origin frames' documents (an editor's canvas, a preview pane, an email builder): a
  // toolbar's answer is often only there. Taken again at each press, as a frame may have loaded
  // another document; cross-origin frames have none to give and answer by message (below).
  const frames = document.getElementsByTagName('iframe');
  const inFrames = () => {
    for (const f of frames) {
      const d = f.contentDocument;
      if (d) mo.observe(d, opts);
    }
  };
  connect();

  /** A press now: watches for `windowMs` from here, inside its path's open shadow roots too. */
  const pressNow = (e: Event) => {
    until = performance.now() + windowMs;
    // connect() puts itself off while `until` moves on: one timer per watch, not one per press.
    timer ??= setTimeout(connect, windowMs + 1);
    for (const n of e.composedPath()) if (n instanceof ShadowRoot) watch(n);
    inFrames();
    // Answers older than two windows belong to no press still being judged: on a page that
    // keeps changing while the visitor keeps clicking, the log would otherwise only grow.
    const old = performance.now() - 2 * windowMs;
    let i = 0;
    while (log[i] && log[i]![1] <= old) i++;
    if (i) log = log.slice(i);
    push('p');
    input(e);
    press = { seq, at: inputAt };
  };

  l.on<PointerEvent>('pointerdown', (e) => {
    if (!e.isTrusted || e.button) return;
    const t = (pressTarget = targetOf(e));
    pressHit = t && interactiveTarget(t);
    pressed = pressHit ?? t;
    pressNow(e);
  });
  // Only while watching: `when` may read selection or the composed path, and selectionchange
  // fires on every keystroke in a text field.
  const answer = (on: typeof l.on, type: string, r: Reaction, when: (e: Event) => unknown = () => 1) =>
    on(type, (e) => performance.now() <= until && when(e) && push(r));
  // On window, capturing: the document's scroll and every element's (which do not bubble).
  answer(l.onWindow, 'scroll', 's');
  answer(l.on, 'selectionchange', 'l', () => getSelection()?.isCollapsed === false);
  // Focus landing on the pressed control (or around it) is the press's default action, not an
  // answer. The composed path sees through shadow roots, where focus events are retargeted.
  answer(l.on, 'focusin', 'f', (e) => !pressed || !(e.composedPath().includes(pressed) || (e.target as Node).contains(pressed)));
  answer(l.on, 'visibilitychange', 'f');
  answer(l.on, 'invalid', 'f'); // the browser's validation bubble
  answer(l.on, 'input', 'i');
  answer(l.on, 'change', 'i');
  answer(l.on, 'copy', 'i');
  answer(l.on, 'cut', 'i');
  // A popover, <details> or <dialog> shown: the top layer changes no attribute. Media played, muted, sped up.
  for (const type of ['toggle', 'play', 'pause', 'volumechange', 'ratechange', 'seeked', 'fullscreenchange']) answer(l.on, type, 'm');
  for (const type of ['popstate', 'hashchange', 'beforeunload', 'beforeprint']) answer(l.onWindow, type, 'n');
  // A message from a frame: an embedded player or widget a button commands by postMessage (the
  // YouTube and Vimeo APIs, a payment or chat frame) answers that way, its own page out of our
  // sight. A frame that messages at its own pace (an ad reporting viewability, a playing video's
  // progress) answers nothing on its beat, as nodes that change by themselves do not.
  l.onWindow<MessageEvent>('message', (e) => {
    const from = e.source;
    const now = performance.now();
    if (from && from != window && !keeps(from, now, alone(now))) push('r');
  });

  // What a page does that no event shows: a request (even when its response comes late; our own
  // batches are not answers), a copy to the clipboard, a click by script (a hidden file input's
  // picker, a download by a detached link), a control's value set by script (a stepper's field,
  // a Clear button), an animation. Each is wrapped where the platform defines it, and unwrapped
  // at shutdown unless a page wrapped it again after us.
  const wrap = (o: object | undefined, key: string, r: Reaction, when: (a: unknown, self: unknown) => unknown = () => 1) => {
    const d = o && Object.getOwnPropertyDescriptor(o, key);
    const f = (d?.set ?? d?.value) as ((this: unknown, ...a: unknown[]) => unknown) | undefined;
    if (!o || !d || typeof f != 'function') return;
    // A setter counts only when it changes the value: frameworks re-set values on render.
    const own = function (this: unknown, ...a: unknown[]) {
      if (when(a[0], this) && performance.now() <= until && !(d.get && d.get.call(this) === a[0])) push(r);
      return f.apply(this, a);
    };
    Object.defineProperty(o, key, d.set ? { ...d, set: own } : { ...d, value: own });
    l.add(() => {
      const now = Object.getOwnPropertyDescriptor(o, key)!;
      if ((now.set ?? now.value) === own) Object.defineProperty(o, key, d);
    });
  };
  // In a task of its own: some forty properties of as many interfaces, some of which the
  // browser builds on first touch, made the start-up task that created the watcher the longest.
  const wrapAll = () => {
    wrap(window, 'fetch', 'r', (i) => !(i instanceof Request ? i.url : String(i)).startsWith(endpoint));
    // `reaction Class member…`: members of Class.prototype (of `window` itself) that answer a
    // press. A browser dialog ("Delete this address?" cancelled) answers even if the page then
    // does nothing; so does the browser's own UI a control asks for — the payment sheet, the
    // passkey dialog, a permission prompt (location, camera, notifications), a file or colour
    // picker, reading the clipboard — which the visitor may dismiss with nothing left in the DOM.
    for (const row of [
      'r XMLHttpRequest send',
      'n window open',
      'f window alert confirm prompt',
      'n Navigator share',
      'i Clipboard writeText write',
      'r HTMLElement click',
      'm Element animate',
      'm HTMLMediaElement play', // a sound played by a detached Audio()
      'm AudioScheduledSourceNode start', // or by Web Audio (Howler.js: a pronunciation, a game's note)
      'm SpeechSynthesis speak', // text read aloud
      'i HTMLInputElement value checked valueAsNumber stepUp stepDown showPicker',
      'i HTMLTextAreaElement value',
      'i HTMLSelectElement value selectedIndex',
      'r PaymentRequest show',
      'r CredentialsContainer get create',
      'r Geolocation getCurrentPosition watchPosition',
      'r Clipboard read readText', // a Paste button: a permission prompt first
      'r MediaDevices getUserMedia getDisplayMedia',
      'r EyeDropper open',
      'r HTMLVideoElement requestPictureInPicture',
      'r window showOpenFilePicker showSaveFilePicker showDirectoryPicker',
    ]) {
      const [r, c, ...keys] = row.split(' ');
      for (const k of keys) wrap(c == 'window' ? window : (globalThis as unknown as Record<string, { prototype?: object }>)[c!]?.prototype, k, r as Reaction);
    }
    wrap(globalThis.Notification, 'requestPermission', 'r');
  };
  const wrapping = setTimeout(wrapAll);
  l.add(() => clearTimeout(wrapping));
  // A canvas redrawn right after a press or click (a map's zoom button, a chart's filter, a 3D
  // viewer's colour): drawings change no DOM. Redraws start by clearing, so clearing is what is
  // watched. Per canvas, draws less than 100 ms apart are one run; a run that did not start
  // right after an input is the canvas animating by itself (a banner, a game loop) and answers
  // nothing. (Frames the page asks for are not watched instead: chart and map libraries keep
  // their own reference to requestAnimationFrame.)
  const runs = new WeakMap<object, [last: number, own: boolean]>();
  const drawn = (_: unknown, cx: unknown) => {
    const now = performance.now();
    const prompt = now - inputAt < 100;
    let run = runs.get(cx as object);
    if (!run || now - run[0] > 100) runs.set(cx as object, (run = [now, !prompt]));
    run[0] = now;
    return prompt && !run[1];
  };
  wrap(globalThis.CanvasRenderingContext2D?.prototype, 'clearRect', 'm', drawn);
  // WebGL's interfaces cost 1–10 ms of start-up to touch (the browser builds them on first
  // access), so they are wrapped only on pages that draw with it: when a context is asked for,
  // or when the walk finds a canvas (made, and its context taken, before the SDK loaded).
  webgl = () => {
    webgl = () => {};
    for (const gl of [globalThis.WebGLRenderingContext, globalThis.WebGL2RenderingContext]) wrap(gl?.prototype, 'clear', 'm', drawn);
  };
  wrap(globalThis.HTMLCanvasElement?.prototype, 'getContext', 'm', (type) => String(type).includes('webgl') && webgl());
  l.add(() => {
    mo.disconnect();
    clearTimeout(timer);
  });

  return {
    push,
    moving: createMotions(l, keeps.last),
    /**
     * `interactiveTarget(t)` for a click, taken from its press when the press hit the same
     * element: asking again would read `cursor` after the press moved focus, forcing a style
     * recalculation inside the click. Each recent press answers one click.
     */
    hitOf(t: Element, e: Event): Element | null {
      const hit = t === pressTarget && performance.now() - press.at < windowMs ? pressHit : interactiveTarget(t);
      pressTarget = null;
      input(e);
      return hit;
    },
    /**
     * The mark of the press behind the click being handled now. A click with no recent press
     * (keyboard activation) is marked, and watched, where it stands.
     */
    mark(e: Event): Mark {
      if (performance.now() - press.at > windowMs) pressNow(e);
      return press;
    },
    /** Whether an answer of one of `types` came after `m`, within `ms` of it and before the next press. */
    any(m: Mark, ms: number, types: string): boolean {
      // The log is in sequence (and time) order: start right after the mark, found by halving,
      // and stop at the first answer too late. Checks run in batches over a log of every answer
      // of the last seconds; a scan from its start cost more than all the rest of a check.
      let i = 0;
      for (let hi = log.length; i < hi; ) {
        const mid = (i + hi) >> 1;
        log[mid]![2] <= m.seq ? (i = mid + 1) : (hi = mid);
      }
      for (let e; (e = log[i++]) && e[0] != 'p' && e[1] - m.at <= ms; ) if (types.includes(e[0])) return true;
      return false;
    },
  };
}

export type Reactions = ReturnType<typeof createReactions>;

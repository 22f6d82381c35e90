import type { Listeners } from '../core/listen.ts';
import { interactiveTarget, targetOf } from './tree.ts';

/**
 * What counts as the page answering a press: m = DOM mutation, s = scroll, l = text selected,
 * f = focus moved elsewhere or visibility changed, n = navigation, r = request started,
 * i = a form control's value changed (checkboxes, selects, date pickers change no DOM);
 * p marks a press itself.
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
 * at the next press (what follows answers that one). It costs nothing between presses: the
 * MutationObserver is connected only for `windowMs` after a press (the longest any detector
 * asks about, and into the open shadow roots on its path, which a document observer cannot
 * see), then disconnected.
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
  let mo: MutationObserver | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const opts: MutationObserverInit = { subtree: true, childList: true, attributes: true, characterData: true };

  const push = (r: Reaction) => {
    const at = performance.now();
    if (at <= until) log.push([r, at, ++seq]);
  };

  const disarm = () => {
    if (performance.now() < until) return void (timer = setTimeout(disarm, until - performance.now() + 1));
    mo?.disconnect();
    mo = undefined;
    log = [];
  };

  /** A press now: watches for `windowMs` from here, inside `path`'s open shadow roots too. */
  const pressNow = (path: EventTarget[]) => {
    until = performance.now() + windowMs;
    if (!mo) {
      mo = new MutationObserver(() => push('m'));
      mo.observe(document, opts);
      // disarm() puts itself off while `until` moves on: one timer per watch, not one per press.
      timer = setTimeout(disarm, windowMs + 1);
    }
    for (const n of path) if (n instanceof ShadowRoot) mo.observe(n, opts);
    // Answers older than two windows belong to no press still being judged: on a page that
    // keeps changing while the visitor keeps clicking, the log would otherwise only grow.
    const old = performance.now() - 2 * windowMs;
    log = log.filter((a) => a[1] > old);
    push('p');
    press = { seq, at: performance.now() };
  };

  l.on<PointerEvent>('pointerdown', (e) => {
    if (!e.isTrusted || e.button) return;
    const t = (pressTarget = targetOf(e));
    pressHit = t && interactiveTarget(t);
    pressed = pressHit ?? t;
    pressNow(e.composedPath());
  });
  // Only while watching: `when` may read selection or the composed path, and selectionchange
  // fires on every keystroke in a text field.
  const answer = (on: typeof l.on, type: string, r: Reaction, when: (e: Event) => unknown = () => 1) =>
    on(type, (e) => performance.now() <= until && when(e) && push(r));
  answer(l.on, 'scroll', 's');
  answer(l.on, 'selectionchange', 'l', () => getSelection()?.isCollapsed === false);
  // Focus landing on the pressed control (or around it) is the press's default action, not an
  // answer. The composed path sees through shadow roots, where focus events are retargeted.
  answer(l.on, 'focusin', 'f', (e) => !pressed || !(e.composedPath().includes(pressed) || (e.target as Node).contains(pressed)));
  answer(l.on, 'visibilitychange', 'f');
  answer(l.on, 'input', 'i');
  answer(l.on, 'change', 'i');
  for (const type of ['popstate', 'hashchange', 'beforeunload']) answer(l.onWindow, type, 'n');

  // A request the page starts is an answer even when its response comes late. Our own batches are not.
  const w = window as Window & { fetch: typeof fetch };
  const origFetch = w.fetch;
  const ownFetch: typeof fetch = function (this: unknown, input, init) {
    const u = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!u.startsWith(endpoint)) push('r');
    return origFetch.call(this, input, init);
  };
  w.fetch = ownFetch;
  const xhrSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body) {
    push('r');
    return xhrSend.call(this, body);
  };
  l.add(() => {
    if (w.fetch === ownFetch) w.fetch = origFetch;
    XMLHttpRequest.prototype.send = xhrSend;
    mo?.disconnect();
    clearTimeout(timer);
  });

  return {
    push,
    /**
     * `interactiveTarget(t)` for a click, taken from its press when the press hit the same
     * element: asking again would read `cursor` after the press moved focus, forcing a style
     * recalculation inside the click. Each recent press answers one click.
     */
    hitOf(t: Element): Element | null {
      const hit = t === pressTarget && performance.now() - press.at < windowMs ? pressHit : interactiveTarget(t);
      pressTarget = null;
      return hit;
    },
    /**
     * The mark of the press behind the click being handled now. A click with no recent press
     * (keyboard activation) is marked, and watched, where it stands.
     */
    mark(path: EventTarget[]): Mark {
      if (performance.now() - press.at > windowMs) pressNow(path);
      return press;
    },
    /** Whether an answer of one of `types` came after `m`, within `ms` of it and before the next press. */
    any(m: Mark, ms: number, types: string): boolean {
      for (const [r, at, s] of log) {
        if (s <= m.seq) continue;
        if (r == 'p') return false;
        if (at - m.at <= ms && types.includes(r)) return true;
      }
      return false;
    },
  };
}

export type Reactions = ReturnType<typeof createReactions>;

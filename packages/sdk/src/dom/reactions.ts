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

/** How long a press is watched before any click asks for longer. */
const PRESS_MS = 1200;

/**
 * One shared watcher for the rage- and dead-click detectors. Answers are ordered by sequence,
 * not by timestamps: input events carry the platform's timestamps, which can trail the events
 * they cause, so "after the click" is decided by the order things happened in. A click's answer
 * window opens at its own press (pointerdown: mousedown-driven steppers answer there) and closes
 * at the next press (what follows answers that one). It costs nothing between presses: the
 * MutationObserver is connected only while a press waits for its answer (and into the open
 * shadow roots on its path, which a document observer cannot see), then disconnected.
 */
export function createReactions(l: Listeners, endpoint: string) {
  let log: [Reaction, number, number][] = [];
  let seq = 0;
  let until = 0;
  let pressed: Element | null = null;
  let press: Mark = { seq: 0, at: -Infinity };
  let mo: MutationObserver | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const opts: MutationObserverInit = { subtree: true, childList: true, attributes: true, characterData: true };

  const push = (r: Reaction) => {
    const at = performance.now();
    if (at <= until) log.push([r, at, ++seq]);
  };

  const disarm = () => {
    if (performance.now() < until) return (timer = setTimeout(disarm, until - performance.now() + 1));
    mo?.disconnect();
    mo = undefined;
    log = [];
  };

  /** Watches for `ms` from now, inside `path`'s open shadow roots too. */
  const arm = (ms: number, path: EventTarget[]) => {
    const now = performance.now();
    until = Math.max(until, now + ms);
    if (!mo) {
      mo = new MutationObserver(() => push('m'));
      mo.observe(document, opts);
    }
    for (const n of path) if (n instanceof ShadowRoot) mo.observe(n, opts);
    clearTimeout(timer);
    timer = setTimeout(disarm, until - now + 1);
  };

  l.on<PointerEvent>(document, 'pointerdown', (e) => {
    if (!e.isTrusted || e.button) return;
    const t = targetOf(e);
    pressed = t && (interactiveTarget(t) ?? t);
    arm(PRESS_MS, e.composedPath());
    push('p');
    press = { seq, at: performance.now() };
  });
  const on = (t: EventTarget, type: string, r: Reaction, when: (e: Event) => unknown = () => 1) => l.on(t, type, (e) => when(e) && push(r));
  on(document, 'scroll', 's');
  on(document, 'selectionchange', 'l', () => getSelection()?.isCollapsed === false);
  // Focus landing on the pressed control (or around it) is the press's default action, not an
  // answer. The composed path sees through shadow roots, where focus events are retargeted.
  on(document, 'focusin', 'f', (e) => !pressed || !(e.composedPath().includes(pressed) || (e.target as Node).contains(pressed)));
  on(document, 'visibilitychange', 'f');
  on(document, 'input', 'i');
  on(document, 'change', 'i');
  on(window, 'popstate', 'n');
  on(window, 'hashchange', 'n');
  on(window, 'beforeunload', 'n');

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
     * The mark of the press behind the click being handled now, watched for at least `ms`. A
     * click with no recent press (keyboard activation) is marked where it stands.
     */
    mark(ms: number, path: EventTarget[]): Mark {
      arm(ms, path);
      if (performance.now() - press.at > PRESS_MS) {
        push('p');
        press = { seq, at: performance.now() };
      }
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

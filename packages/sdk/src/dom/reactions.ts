import type { Listeners } from '../core/listen.ts';

/**
 * What counts as the page answering a click: m = DOM mutation, s = scroll, l = text selected,
 * f = focus moved elsewhere or visibility changed, n = navigation, r = request started,
 * i = a form control's value changed (checkboxes, selects, date pickers change no DOM).
 */
export type Reaction = 'm' | 's' | 'l' | 'f' | 'n' | 'r' | 'i';

/**
 * One shared watcher for the rage- and dead-click detectors. It costs nothing between clicks:
 * the MutationObserver is connected only while a click is waiting for its answer (and into the
 * open shadow roots on the click's path, which a document observer cannot see), then
 * disconnected and the log cleared.
 */
export function createReactions(l: Listeners, endpoint: string) {
  let log: [Reaction, number][] = [];
  /** Pointer presses while armed: a reaction after the next press answers that press, not this click. */
  let downs: number[] = [];
  let until = 0;
  let clicked: Element | null = null;
  let mo: MutationObserver | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const push = (r: Reaction, at = performance.now()) => {
    if (at <= until) log.push([r, at]);
  };
  const opts: MutationObserverInit = { subtree: true, childList: true, attributes: true, characterData: true };

  l.on<PointerEvent>(document, 'pointerdown', (e) => e.isTrusted && e.timeStamp <= until && downs.push(e.timeStamp));
  l.on(document, 'scroll', () => push('s'));
  l.on(document, 'selectionchange', () => getSelection()?.isCollapsed === false && push('l'));
  l.on(document, 'focusin', (e) => {
    // Focus landing on the clicked control is the click's default action, not an answer.
    const t = e.target as Node;
    if (!clicked || !(clicked.contains(t) || t.contains(clicked))) push('f');
  });
  l.on(document, 'visibilitychange', () => push('f'));
  l.on(document, 'input', () => push('i'));
  l.on(document, 'change', () => push('i'));
  l.on(window, 'popstate', () => push('n'));
  l.on(window, 'hashchange', () => push('n'));
  l.on(window, 'beforeunload', () => push('n'));

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

  const disarm = () => {
    if (performance.now() < until) return (timer = setTimeout(disarm, until - performance.now() + 1));
    mo?.disconnect();
    mo = undefined;
    log = [];
    downs = [];
    clicked = null;
  };

  return {
    push,
    /** Records reactions for `ms` from now, inside `path`'s open shadow roots too. */
    arm(ms: number, path: EventTarget[], target: Element): void {
      const now = performance.now();
      until = Math.max(until, now + ms);
      clicked = target;
      if (!mo) {
        mo = new MutationObserver(() => push('m'));
        mo.observe(document, opts);
      }
      for (const n of path) if (n instanceof ShadowRoot) mo.observe(n, opts);
      clearTimeout(timer);
      timer = setTimeout(disarm, until - now + 1);
    },
    /**
     * Whether a reaction of one of `types` happened in (from, to], and before the next pointer
     * press after `from` (the visitor moved on: what follows answers that press).
     */
    any(from: number, to: number, types: string): boolean {
      const next = downs.find((d) => d > from + 1);
      const end = Math.min(to, next ?? Infinity);
      return log.some(([r, at]) => at > from && at <= end && types.includes(r));
    },
  };
}

export type Reactions = ReturnType<typeof createReactions>;

import type { Listeners } from '../core/listen.ts';
import { targetOf } from './tree.ts';

/** A node's parent, across a shadow root to its host. */
const up = (n: Node): Node | null => (n as ShadowRoot).host ?? n.parentNode;
const within = (n: Node | null, scope: Node) => {
  while (n && n != scope) n = up(n);
  return !!n;
};

/**
 * Widgets in motion. A carousel or slider ignores its arrows while it slides (Bootstrap's
 * carousel, Swiper in loop mode) and visitors click on anyway: a press made while the control's
 * own component is moving is answered by that motion, which the visitor sees. CSS transitions
 * are kept as [element, start, end] from the moment they run (a burst's next click on another
 * control asks before the slide ends), finished animations once they end (infinite ones never
 * do: a spinner or a pulsing badge answers nothing). A control's component is its grandparent
 * (arrows sit beside the track, or in a wrapper beside it), or its parent when the grandparent
 * is the body; a control right in the body has none. The control's own transitions (a hover
 * colour) and its ancestors' are not its component moving.
 */
export function createMotions(l: Listeners, changedAt: (n: Node) => number) {
  const runs: [el: Element, start: number, end: number][] = [];
  const add = (t: Element | null, start: number, end: number) => {
    // The last 200 are enough: checks ask about presses a few seconds old.
    if (t && runs.push([t, start, end]) > 200) runs.shift();
  };
  // A transition starts at the style change that caused it and is told a frame or more later
  // (several on a busy page): one caused by its element's own attributes (a carousel's timer
  // turning it: a class, a style) is dated from that change, so a press in between finds the
  // slide moving. One with no change of its element behind it in the last half second is dated
  // from its event: a hover or focus moving is the visitor's doing, and dated earlier, the next
  // button's hover colour covered a dead button clicked just before it.
  l.on<TransitionEvent>('transitionrun', (e) => {
    const t = targetOf(e);
    const at = t ? changedAt(t) : -Infinity;
    add(t, e.timeStamp - at < 500 ? at : e.timeStamp, Infinity);
  });
  // Cut short (a slider sent elsewhere mid-slide) is ended too: it moved until then.
  const ended = (e: TransitionEvent | AnimationEvent) => {
    const t = targetOf(e);
    const run = runs.findLast((r) => r[0] == t && r[2] == Infinity);
    run ? (run[2] = e.timeStamp) : add(t, e.timeStamp - e.elapsedTime * 1000, e.timeStamp);
  };
  for (const type of ['transitionend', 'transitioncancel', 'animationend', 'animationcancel']) l.on(type, ended);
  /** Whether `el`'s component was moving at `at`. */
  return (at: number, el: Element): boolean => {
    let scope: Node | null = null;
    for (let n: Node | null = el, i = 0; i < 2 && (n = up(n)) && n != document.body && n != document.documentElement && n != document; i++) scope = n;
    // A run never heard to end (its element removed first) counts for 3 s at most.
    return !!scope && runs.some(([t, start, end]) => start <= at && at <= Math.min(end + 50, start + 3000) && within(t, scope!) && !within(t, el) && !within(el, t));
  };
}

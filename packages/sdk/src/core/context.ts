import type { EventBody } from '@touchmap/protocol';
import type { Mark, Reactions } from '../dom/reactions.ts';
import type { Point, position } from '../dom/position.ts';
import type { Config } from '../options.ts';
import type { Listeners } from './listen.ts';

/** A primary, trusted click outside `data-touchmap-ignore`, resolved once for every signal. */
export interface Click {
  e: MouseEvent;
  /** What the pointer hit (inside open shadow roots too). */
  t: Element;
  /** The control it was aimed at, if it looks interactive (computed once: it may read styles). */
  hit: Element | null;
  /** The element it is credited to: `hit`, else `t`. */
  el: Element;
  /** Where it landed, captured without reading layout. */
  p: Point;
  /** `el`'s selector, taken at the click (the page may remove `el` in its own handler). */
  sel: string;
  /** Where it landed on `el`: reads layout, so call it later (next frame), never in the click. */
  where(): ReturnType<typeof position>;
  /** `unjudged(t, el)`: never rage or dead (asked by both, computed once). */
  unjudged(): boolean;
  /** The press this click answers, in the reactions log (asked by both detectors, marked once). */
  press(): Mark;
  /** The page view the click happened on. */
  pv: string;
  /** Set when an error was credited to this click: it is an error click, not also a dead one. */
  threw?: 1;
}

/** What every signal module is handed: one shape for all, so adding a signal is adding a file. */
export interface Ctx {
  cfg: Config;
  l: Listeners;
  /**
   * Queues an event on the current page view, or on `pv` (a click's page view, for what is
   * decided after the click: the visitor may have moved to another SPA route meanwhile); the
   * tracker adds its id and time.
   */
  emit(e: EventBody, pv?: string): void;
  reactions: Reactions;
  /** Runs `fn` for every click (one document listener serves all signals). */
  onClick(fn: (c: Click) => void): void;
  /**
   * Runs `fn` for every trusted mouse or pen move. The page's hottest event: one document
   * listener serves all signals, since each listener costs a browser-to-JS dispatch.
   */
  onPointerMove(fn: (e: PointerEvent) => void): void;
  /**
   * Runs `fn` when the page is hidden (`ended` false: it may come back) or the page view ends
   * (`ended` true: unload or SPA route change). Summaries are emitted there, before the beacon.
   */
  onPageEnd(fn: (ended: boolean) => void): void;
  /** Runs `fn` after each page view starts (load, SPA route change, back-forward cache restore). */
  onPageView(fn: (url: string, nav: string) => void): void;
  /** Whether the SDK may use storage (consent given or not required). */
  canStore(): boolean;
}

/** A signal: registers its listeners on `ctx.l` (which removes them on shutdown). */
export type Signal = (ctx: Ctx) => void;

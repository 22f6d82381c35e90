import type { Ctx } from '../core/context.ts';
import { local } from '../core/local.ts';

/** Where this tab's last pages are kept (sessionStorage); consent(false) removes it. */
export const HISTORY_KEY = 'touchmap:h';

/** A page seen: url, arrived at, left at (epoch ms; 0 while current). */
export interface Visit {
  u: string;
  a: number;
  l: number;
}

/**
 * Whether arriving at `url` now makes the page just left a u-turn: a back navigation within
 * `quickBackMs` of arriving there, or a return within `uTurnMs` to the page before it.
 * Returns the page turned away from and the time spent on it.
 */
export function detectUTurn(history: Visit[], url: string, now: number, nav: string, quickBackMs: number, uTurnMs: number): { url: string; ms: number } | undefined {
  const prev = history[history.length - 1];
  const before = history[history.length - 2];
  if (!prev || prev.u === url) return undefined;
  const spent = (prev.l || now) - prev.a;
  if (nav === 'back_forward' && spent <= quickBackMs) return { url: prev.u, ms: spent };
  if (before && before.u === url && now - (before.l || prev.a) <= uTurnMs) return { url: prev.u, ms: spent };
  return undefined;
}

/**
 * Quick back and u-turn: the visitor left a page almost at once, back to where they came from.
 * The last pages of this tab are kept in sessionStorage (per tab, gone with it) once storage is
 * allowed; in memory until then, so SPA u-turns are still seen.
 */
export function quickBack(ctx: Ctx): void {
  let mem: Visit[] = [];
  // Before consent, or when sessionStorage fails: the tab's memory.
  const read = (): Visit[] => (ctx.canStore() && local<Visit[]>(HISTORY_KEY, undefined, true)) || mem;
  const write = (h: Visit[]) => {
    mem = h.slice(-3);
    if (ctx.canStore()) local(HISTORY_KEY, mem, true);
  };
  // sessionStorage's first access loads it synchronously: look in idle time, not at start. The
  // visit must be on record before the page is left, though (a busy tab may leave before it is
  // idle, and the next page would not know where it came from): page end runs it if still due.
  let due: (() => void) | undefined;
  const settle = () => {
    const f = due;
    due = undefined;
    f?.();
  };
  ctx.onPageView((url, nav) => {
    const now = Date.now();
    settle();
    due = () => {
      const h = read();
      const turn = detectUTurn(h, url, now, nav, ctx.cfg.quickBackMs, ctx.cfg.uTurnMs);
      if (turn) ctx.emit({ k: 'uturn', url: turn.url, ms: Math.round(turn.ms) });
      const last = h[h.length - 1];
      if (last && !last.l) last.l = now;
      write([...h, { u: url, a: now, l: 0 }]);
    };
    (window.requestIdleCallback ?? setTimeout)(settle);
  });
  // Left (or hidden) at: the last time wins, so a tab that comes back and stays is not a u-turn.
  ctx.onPageEnd(() => {
    settle();
    const h = read();
    const last = h[h.length - 1];
    if (last) {
      last.l = Date.now();
      write(h);
    }
  });
}

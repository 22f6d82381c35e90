import type { Ctx } from '../core/context.ts';
import { selector } from '../dom/selector.ts';
import { ignored } from '../dom/tree.ts';

/** Hover / dwell: the pointer rests on one element for at least `dwellMs` (hesitation). */
export function dwell(ctx: Ctx): void {
  let lastAt = 0;
  let lastEl: Element | null = null;
  const report = (el: Element | null, ms: number) => {
    if (el && ms >= ctx.cfg.dwellMs && el !== document.body && el !== document.documentElement && el.isConnected && !ignored(el, 'hover'))
      ctx.emit({ k: 'hover', sel: selector(el), ms: Math.round(ms) });
  };
  ctx.onPageEnd(() => {
    report(lastEl, performance.now() - lastAt);
    lastEl = null;
  });
  // The hottest event on a page: arithmetic only, the selector is built once per dwell.
  ctx.onPointerMove((e) => {
    if (e.timeStamp - lastAt >= ctx.cfg.dwellMs) report(lastEl, e.timeStamp - lastAt);
    lastAt = e.timeStamp;
    lastEl = e.target instanceof Element ? e.target : null;
  });
}

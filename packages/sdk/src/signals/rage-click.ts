import type { Click, Ctx } from '../core/context.ts';
import { EDITABLE, closestAcross, ignored } from '../dom/tree.ts';

interface Press {
  at: number;
  x: number;
  y: number;
}

/**
 * Whether a burst of clicks is rage: at least `min` clicks and at least two of them left
 * unanswered. `answered(from, to)` says whether the page reacted in that interval; each click's
 * window runs to the next click (the last one's to `windowMs` after it). A stepper that counts
 * up or a carousel that moves answers every click; a frozen Pay button answers none.
 */
export function isRage(burst: Press[], min: number, windowMs: number, answered: (from: number, to: number) => boolean): boolean {
  if (burst.length < min) return false;
  let unanswered = 0;
  burst.forEach((c, i) => {
    if (!answered(c.at, burst[i + 1]?.at ?? c.at + windowMs)) unanswered++;
  });
  return unanswered > 1;
}

/** Rage clicks: fast repeated clicks on one target that the page does not answer. */
export function rageClicks(ctx: Ctx): void {
  const { rageClicks: min, rageWindowMs: windowMs, rageRadiusPx: radius } = ctx.cfg;
  let burst: Press[] = [];
  let first: Click | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const settle = () => {
    // Double- and triple-click to select text is fast clicking with a purpose.
    const s = getSelection();
    const selecting = s && !s.isCollapsed && s.anchorNode && first?.el.contains(s.anchorNode);
    if (first && !selecting && isRage(burst, min, windowMs, (a, b) => ctx.reactions.any(a, b, 'mslnri'))) ctx.emit({ k: 'rage', ...first.where(), n: burst.length });
    burst = [];
    first = undefined;
  };

  ctx.onClick((c) => {
    const { e, t, el } = c;
    if (ignored(t, 'rage') || closestAcross(t, EDITABLE)) return;
    const p = { at: e.timeStamp, x: e.clientX, y: e.clientY };
    const prev = burst[burst.length - 1];
    if (!prev || el !== first?.el || p.at - prev.at >= windowMs || Math.hypot(p.x - burst[0]!.x, p.y - burst[0]!.y) > radius) {
      clearTimeout(timer);
      settle();
      first = c;
      c.where();
    }
    burst.push(p);
    ctx.reactions.arm(windowMs + 200, e.composedPath(), el);
    clearTimeout(timer);
    timer = setTimeout(settle, windowMs + 10);
  });
  ctx.l.add(() => clearTimeout(timer));
}

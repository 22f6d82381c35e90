import type { Ctx } from '../core/context.ts';
import { position } from '../dom/position.ts';
import { EDITABLE, closestAcross, ignored, targetOf } from '../dom/tree.ts';
import { clickedElement } from './click.ts';

interface Click {
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
export function isRage(burst: Click[], min: number, windowMs: number, answered: (from: number, to: number) => boolean): boolean {
  if (burst.length < min) return false;
  let unanswered = 0;
  burst.forEach((c, i) => {
    if (!answered(c.at, burst[i + 1]?.at ?? c.at + windowMs)) unanswered++;
  });
  return unanswered >= 2;
}

/** Rage clicks: fast repeated clicks on one target that the page does not answer. */
export function rageClicks(ctx: Ctx): void {
  const { rageClicks: min, rageWindowMs: windowMs, rageRadiusPx: radius } = ctx.cfg;
  let burst: Click[] = [];
  let target: Element | null = null;
  let first: ReturnType<typeof position> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const settle = () => {
    // Double- and triple-click to select text is fast clicking with a purpose.
    const sel = getSelection();
    const selecting = !!sel && !sel.isCollapsed && !!target && !!sel.anchorNode && target.contains(sel.anchorNode);
    if (target && first && !selecting && isRage(burst, min, windowMs, (a, b) => ctx.reactions.any(a, b, 'mslnri'))) {
      ctx.emit({ k: 'rage', ...first, n: burst.length });
    }
    burst = [];
    target = null;
  };

  ctx.l.on<MouseEvent>(document, 'click', (e) => {
    const t = targetOf(e);
    if (!e.isTrusted || e.button || !t || ignored(t, 'rage') || closestAcross(t, EDITABLE)) return;
    const el = clickedElement(t);
    const c = { at: e.timeStamp, x: e.clientX, y: e.clientY };
    const prev = burst[burst.length - 1];
    const head = burst[0];
    if (!(prev && head && el === target && c.at - prev.at < windowMs && Math.hypot(c.x - head.x, c.y - head.y) <= radius)) {
      clearTimeout(timer);
      settle();
      target = el;
      first = position(el, e.clientX, e.clientY, e.detail === 0);
    }
    burst.push(c);
    ctx.reactions.arm(windowMs + 200, e.composedPath(), el);
    clearTimeout(timer);
    timer = setTimeout(settle, windowMs + 10);
  });
  ctx.l.add(() => clearTimeout(timer));
}

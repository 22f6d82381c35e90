import type { Click, Ctx } from '../core/context.ts';
import type { Mark } from '../dom/reactions.ts';
import { ignored } from '../dom/tree.ts';

/**
 * Whether a burst of `n` clicks is rage: at least `min` clicks and at least two of them left
 * unanswered (`answered(i)`: did the page react to click i before the next one?). A stepper that
 * counts up or a carousel that moves answers every click; a frozen Pay button answers none.
 */
export function isRage(n: number, min: number, answered: (i: number) => boolean): boolean {
  // Most bursts are one click: asking the reaction log about them is wasted work.
  if (n < min) return false;
  let unanswered = 0;
  for (let i = 0; i < n; i++) if (!answered(i)) unanswered++;
  return unanswered > 1;
}

/** Rage clicks: fast repeated clicks within a small radius on one target that the page does not answer. */
export function rageClicks(ctx: Ctx): void {
  const { rageClicks: min, rageWindowMs: windowMs, rageRadiusPx: radius } = ctx.cfg;
  let burst: { at: number; x: number; y: number; m: Mark }[] = [];
  let first: Click | undefined;
  let selecting = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  // One timer for the burst, set again only when it fires early: a timer set afresh on every
  // click cost more than the rest of the click's rage handling.
  const due = () => {
    const wait = burst.length ? burst[burst.length - 1]!.at + windowMs + 10 - performance.now() : 0;
    timer = wait > 0 ? setTimeout(due, wait) : (settle(), undefined);
  };
  const settle = () => {
    // Silenced elements are asked about only when a burst would be reported: most bursts are one click.
    if (first && !selecting && isRage(burst.length, min, (i) => ctx.reactions.any(burst[i]!.m, windowMs, 'mslnri') || ctx.reactions.moving(burst[i]!.m.at, first!.el)) && !ignored(first.t, 'rage'))
      ctx.emit({ k: 'rage', ...first.where(), n: burst.length }, first.pv);
    burst = [];
    first = undefined;
  };

  ctx.onClick((c) => {
    const { e, el } = c;
    if (c.unjudged()) return;
    const at = performance.now();
    const prev = burst[burst.length - 1];
    if (!prev || el !== first?.el || at - prev.at >= windowMs || Math.hypot(e.clientX - burst[0]!.x, e.clientY - burst[0]!.y) > radius) {
      settle();
      selecting = false;
      first = c;
    }
    burst.push({ at, x: e.clientX, y: e.clientY, m: c.press() });
    // Double- and triple-click to select text is fast clicking with a purpose: look right after
    // each multi-click (later clicks elsewhere clear the selection; reading it may force layout,
    // so single clicks don't).
    const s = e.detail > 1 && getSelection();
    if (s && !s.isCollapsed && s.anchorNode && el.contains(s.anchorNode)) selecting = true;
    timer ??= setTimeout(due, windowMs + 10);
  });
  ctx.l.add(() => clearTimeout(timer));
}

import type { Ctx } from '../core/context.ts';
import { pointOf, position } from '../dom/position.ts';
import { closestAcross, ignored, navigatesAway, targetOf, unjudged } from '../dom/tree.ts';

const DISABLED = ':disabled,[aria-disabled=true]';

/**
 * Dead clicks: a click on something that looks interactive, after which nothing reacts — no DOM
 * change within `deadMutationMs`, no scroll or selection within `deadScrollMs`, no focus or
 * visibility change within `deadFocusMs`, no navigation, input or request at all. Links that
 * leave the page, modifier clicks, form fields and repeats within a second are skipped.
 * Clicks on disabled controls are reported as `disabled` instead: browsers fire no click on a
 * disabled control, so they are seen through pointer events.
 */
export function deadClicks(ctx: Ctx): void {
  const { deadMutationMs, deadScrollMs, deadFocusMs } = ctx.cfg;
  const wait = Math.max(deadMutationMs, deadFocusMs, deadScrollMs);
  let last: Element | undefined;
  let lastAt = 0;
  let down: Element | null = null;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  ctx.l.add(() => timers.forEach(clearTimeout));

  ctx.l.on<PointerEvent>('pointerdown', (e) => (down = e.isTrusted && !e.button ? targetOf(e) : null));
  ctx.l.on<PointerEvent>('pointerup', (e) => {
    const t = targetOf(e);
    const el = t === down && !ignored(t, 'dead') && closestAcross(t, DISABLED);
    if (el) ctx.emit({ k: 'disabled', ...position(el, pointOf(e)) });
  });

  ctx.onClick((c) => {
    const { e, t, hit: el, where } = c;
    if (!el || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey || ignored(t, 'dead') || unjudged(t, el, ',' + DISABLED) || navigatesAway(t)) return;
    const at = performance.now();
    const repeat = last === el && at - lastAt < 1000;
    last = el;
    lastAt = at;
    if (repeat) return;
    const m = ctx.reactions.mark(e.composedPath());
    const timer = setTimeout(() => {
      timers.delete(timer);
      const r = ctx.reactions;
      // A click whose only answer was an error is reported once, as the error click it is.
      if (!(c.threw || r.any(m, deadMutationMs, 'm') || r.any(m, deadScrollMs, 'sl') || r.any(m, deadFocusMs, 'f') || r.any(m, Infinity, 'nri')) && el.isConnected)
        ctx.emit({ k: 'dead', ...where() }, c.pv);
    }, wait + 20);
    timers.add(timer);
  });
}

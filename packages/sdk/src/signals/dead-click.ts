import type { Ctx } from '../core/context.ts';
import { position } from '../dom/position.ts';
import { EDITABLE, closestAcross, ignored, interactiveTarget, isDisabled, navigatesAway, targetOf } from '../dom/tree.ts';

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
  let last: { el: Element; at: number } | undefined;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let down: Element | null = null;

  ctx.l.on<PointerEvent>(document, 'pointerdown', (e) => {
    down = e.isTrusted && !e.button ? targetOf(e) : null;
  });
  ctx.l.on<PointerEvent>(document, 'pointerup', (e) => {
    const t = targetOf(e);
    if (!t || t !== down || ignored(t, 'dead')) return;
    const el = closestAcross(t, ':disabled,[aria-disabled=true]');
    if (el) ctx.emit({ k: 'disabled', ...position(el, e.clientX, e.clientY) });
  });

  ctx.l.on<MouseEvent>(document, 'click', (e) => {
    const t = targetOf(e);
    if (!e.isTrusted || e.button || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey || !t) return;
    if (ignored(t, 'dead') || closestAcross(t, EDITABLE) || isDisabled(t) || navigatesAway(t)) return;
    const el = interactiveTarget(t);
    if (!el) return;
    const at = e.timeStamp;
    const repeat = last && last.el === el && at - last.at < 1000;
    last = { el, at };
    if (repeat) return;
    const where = position(el, e.clientX, e.clientY, e.detail === 0);
    const wait = Math.max(deadMutationMs, deadFocusMs, deadScrollMs);
    // Keep the log a little past the check so it is still there when the timer reads it.
    ctx.reactions.arm(wait + 200, e.composedPath(), el);
    const timer = setTimeout(() => {
      timers.delete(timer);
      const r = ctx.reactions;
      const reacted =
        r.any(at, at + deadMutationMs, 'm') ||
        r.any(at, at + deadScrollMs, 'sl') ||
        r.any(at, at + deadFocusMs, 'f') ||
        r.any(at, Infinity, 'nri');
      if (!reacted && el.isConnected) ctx.emit({ k: 'dead', ...where });
    }, wait + 20);
    timers.add(timer);
  });
  ctx.l.add(() => timers.forEach(clearTimeout));
}

import type { Ctx } from '../core/context.ts';
import { runAll } from '../core/safe.ts';
import { focusReveals } from '../dom/focus-reveal.ts';
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
  // Clicks waiting for their windows to pass, in order, checked by one timer that runs every
  // check due and is set again a little after the next one is: a timer for each click would cost
  // a task for each click.
  let checks: [due: number, check: () => void][] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const later = () => (timer = checks.length ? setTimeout(run, checks[0]![0] - performance.now() + 250) : undefined);
  const run = () => {
    const now = performance.now();
    const due = checks.filter((c) => c[0] <= now).map((c) => c[1]);
    checks = checks.slice(due.length);
    later();
    runAll(due, undefined, undefined);
  };
  ctx.l.add(() => clearTimeout(timer));

  // Released where it was pressed. Listened to only after a press on a disabled control: every
  // other press needs no pointerup.
  const release = (e: PointerEvent) => {
    const t = targetOf(e);
    const el = t === down && closestAcross(t, DISABLED);
    if (el) ctx.emit({ k: 'disabled', ...position(el, pointOf(e)) });
  };
  ctx.l.on<PointerEvent>('pointerdown', (e) => {
    down = e.isTrusted && !e.button ? targetOf(e) : null;
    if (down && closestAcross(down, DISABLED) && !ignored(down, 'dead')) ctx.l.onNext('pointerup', release);
  });

  ctx.onClick((c) => {
    const { e, t, hit: el, where } = c;
    if (!el || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey || c.unjudged() || unjudged(t, null, DISABLED) || navigatesAway(t)) return;
    const at = performance.now();
    const repeat = last === el && at - lastAt < 1000;
    last = el;
    lastAt = at;
    if (repeat) return;
    const m = c.press();
    checks.push([
      performance.now() + wait + 20,
      () => {
        const r = ctx.reactions;
        // A click whose only answer was an error is reported once, as the error click it is.
        // A CSS-only menu answers by focus alone: asked last, it reads the stylesheets.
        if (!(c.threw || r.any(m, deadMutationMs, 'm') || r.any(m, deadScrollMs, 'sl') || r.any(m, deadFocusMs, 'f') || r.any(m, Infinity, 'nri') || r.moving(m.at, el)) && el.isConnected && !ignored(t, 'dead') && !focusReveals(el))
          ctx.emit({ k: 'dead', ...where() }, c.pv);
      },
    ]);
    if (!timer) later();
  });
}

import type { Ctx } from '../core/context.ts';

/**
 * Counts direction changes of a pointer, x and y apart, ignoring jitter of `jitterPx`; reports
 * when `changes` happened within `windowMs`. Pure, so it is tested without a browser.
 */
export function createThrashCounter(changes: number, windowMs: number, jitterPx = 2) {
  let px = NaN;
  let py = NaN;
  let dx = 0;
  let dy = 0;
  let turns: number[] = [];
  return (x: number, y: number, at: number): number => {
    const mx = x - px;
    const my = y - py;
    px = x;
    py = y;
    if (Math.abs(mx) >= jitterPx) {
      if (mx * dx < 0) turns.push(at);
      dx = mx;
    }
    if (Math.abs(my) >= jitterPx) {
      if (my * dy < 0) turns.push(at);
      dy = my;
    }
    if (turns.length < changes) return 0;
    turns = turns.filter((t) => at - t <= windowMs);
    if (turns.length < changes) return 0;
    const n = turns.length;
    turns = [];
    return n;
  };
}

/** Thrashed cursor: the pointer shaken back and forth (confusion, impatience). */
export function thrash(ctx: Ctx): void {
  const count = createThrashCounter(ctx.cfg.thrashChanges, ctx.cfg.thrashWindowMs);
  ctx.onPointerMove((e) => {
    // Dragging (a slider, a selection, a drawing) and moving over a canvas (a game, a sketch)
    // shake the pointer on purpose.
    if (e.buttons || e.target instanceof HTMLCanvasElement) return;
    const n = count(e.clientX, e.clientY, e.timeStamp);
    if (n) ctx.emit({ k: 'thrash', n, x: Math.round(e.clientX + scrollX), y: Math.round(e.clientY + scrollY) });
  });
}

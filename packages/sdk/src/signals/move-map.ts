import type { Ctx } from '../core/context.ts';
import { selector } from '../dom/selector.ts';
import { ignored } from '../dom/tree.ts';

/** Most elements sampled per page view, and samples per `move` event. */
const MAX_ELEMENTS = 100;
const MAX_POINTS = 200;

/**
 * The move map: pointer positions sampled at most every `moveSampleMs`, kept per element as
 * offsets 0..100 inside its box (so they survive reflow like clicks do), sent at page end.
 */
export function moveMap(ctx: Ctx): void {
  let sampleAt = -Infinity;
  let moves = new Map<Element, number[]>();
  const send = (el: Element, pts: number[]) => {
    if (pts.length && el.isConnected) ctx.emit({ k: 'move', sel: selector(el), pts });
  };
  ctx.onPageEnd(() => {
    moves.forEach((pts, el) => send(el, pts));
    moves = new Map();
  });
  ctx.onPointerMove((e) => {
    if (e.timeStamp - sampleAt < ctx.cfg.moveSampleMs) return;
    const el = e.target instanceof Element ? e.target : null;
    if (!el) return;
    sampleAt = e.timeStamp;
    let pts = moves.get(el);
    if (!pts) {
      if (moves.size >= MAX_ELEMENTS || ignored(el)) return;
      moves.set(el, (pts = []));
    }
    const b = el.getBoundingClientRect();
    if (!b.width || !b.height) return;
    const pct = (v: number) => Math.min(100, Math.max(0, Math.round(v * 100)));
    pts.push(pct((e.clientX - b.left) / b.width), pct((e.clientY - b.top) / b.height));
    if (pts.length >= MAX_POINTS * 2) {
      send(el, pts);
      moves.set(el, []);
    }
  });
}

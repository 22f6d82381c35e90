import type { Ctx } from '../core/context.ts';
import { boxOf, offsetIn } from '../dom/position.ts';
import { selector } from '../dom/selector.ts';
import { ignored } from '../dom/tree.ts';

/** Most elements sampled per page view, and samples per `move` event. */
const MAX_ELEMENTS = 100;
const MAX_POINTS = 200;

/**
 * The move map: pointer positions sampled at most every `moveSampleMs`, per element, sent at
 * page end as offsets 0..100 inside the element's box (so they survive reflow like clicks do).
 * Samples keep the event's own coordinates; each element's box is read once, when its points are
 * sent — reading it per sample would force a layout on every hover.
 */
export function moveMap(ctx: Ctx): void {
  let sampleAt = -Infinity;
  /** Per element: [clientX, clientY, pageX, pageY, …]. */
  let moves = new Map<Element, number[]>();
  const send = (el: Element, raw: number[]) => {
    if (!raw.length || !el.isConnected) return;
    const b = boxOf(el);
    const pts: number[] = [];
    for (let i = 0; i < raw.length; i += 4) {
      const [ox, oy] = offsetIn(b, raw[i + (b.fx ? 0 : 2)]!, raw[i + (b.fx ? 1 : 3)]!);
      pts.push(Math.round(ox * 100), Math.round(oy * 100));
    }
    ctx.emit({ k: 'move', sel: selector(el), pts });
  };
  ctx.onPageEnd(() => {
    moves.forEach((raw, el) => send(el, raw));
    moves = new Map();
  });
  ctx.onPointerMove((e) => {
    if (e.timeStamp - sampleAt < ctx.cfg.moveSampleMs) return;
    const el = e.target instanceof Element ? e.target : null;
    if (!el) return;
    sampleAt = e.timeStamp;
    let raw = moves.get(el);
    if (!raw) {
      if (moves.size >= MAX_ELEMENTS || ignored(el)) return;
      moves.set(el, (raw = []));
    }
    raw.push(e.clientX, e.clientY, e.pageX, e.pageY);
    if (raw.length >= MAX_POINTS * 4) {
      send(el, raw);
      moves.set(el, []);
    }
  });
}

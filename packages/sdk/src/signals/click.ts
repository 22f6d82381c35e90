import type { Click, Ctx } from '../core/context.ts';
import { labelText } from '../dom/text.ts';
import { closestAcross } from '../dom/tree.ts';

/**
 * Every primary click, placed relative to its element and to the page. The box is read in the
 * next animation frame, where the frame computes layout anyway: read inside the click, it would
 * force a layout that the page's own click handler then invalidates. Clicks still waiting when
 * the page ends (a link that navigates) are placed then.
 */
export function clicks(ctx: Ctx): void {
  let waiting: [Click, string | undefined, string | undefined][] = [];
  const place = () => {
    for (const [{ where, p }, tx, tp] of waiting)
      ctx.emit({ k: 'click', ...where(), sx: Math.round(p.px - p.cx), sy: Math.round(p.py - p.cy), vw: innerWidth, vh: innerHeight, tx, tp });
    waiting = [];
  };
  ctx.onPageEnd(place);
  ctx.onClick((c) => {
    if (!waiting.length) requestAnimationFrame(place);
    waiting.push([c, labelText(c.el), closestAcross(c.el, '[data-touchpoint]')?.getAttribute('data-touchpoint')?.slice(0, 100)]);
  });
}

import type { Ctx } from '../core/context.ts';
import { labelText } from '../dom/text.ts';
import { closestAcross } from '../dom/tree.ts';

/** Every primary click, placed relative to its element and to the page. */
export function clicks(ctx: Ctx): void {
  ctx.onClick(({ el, where }) =>
    ctx.emit({
      k: 'click',
      ...where(),
      sx: Math.round(scrollX),
      sy: Math.round(scrollY),
      vw: innerWidth,
      vh: innerHeight,
      tx: labelText(el),
      tp: closestAcross(el, '[data-touchpoint]')?.getAttribute('data-touchpoint')?.slice(0, 100),
    }),
  );
}

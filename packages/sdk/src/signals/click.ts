import type { Ctx } from '../core/context.ts';
import { position } from '../dom/position.ts';
import { labelText } from '../dom/text.ts';
import { closestAcross, ignored, interactiveTarget, targetOf } from '../dom/tree.ts';

/** The element a click is credited to: the control it landed in, else what it hit. */
export const clickedElement = (t: Element): Element => interactiveTarget(t) ?? t;

/** Every primary click, placed relative to its element and to the page. */
export function clicks(ctx: Ctx): void {
  ctx.l.on<MouseEvent>(document, 'click', (e) => {
    const t = targetOf(e);
    if (!e.isTrusted || e.button || !t || ignored(t)) return;
    const el = clickedElement(t);
    const tp = closestAcross(el, '[data-touchpoint]')?.getAttribute('data-touchpoint');
    const tx = labelText(el);
    ctx.emit({
      k: 'click',
      ...position(el, e.clientX, e.clientY, e.detail === 0),
      sx: Math.round(scrollX),
      sy: Math.round(scrollY),
      vw: innerWidth,
      vh: innerHeight,
      ...(tx ? { tx } : {}),
      ...(tp ? { tp: tp.slice(0, 100) } : {}),
    });
  });
}

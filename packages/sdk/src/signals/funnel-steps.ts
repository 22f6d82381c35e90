import type { Ctx } from '../core/context.ts';
import { closestAcross } from '../dom/tree.ts';

/**
 * `data-funnel-step="checkout:shipping"` (or `data-funnel-step="shipping"` inside
 * `data-funnel="checkout"`) marks a step as reached when the element is in the page: on each
 * page view, shortly after clicks and submits (steps rendered by a SPA) and at page end. Each step is
 * reported once per page view.
 */
export function funnelSteps(ctx: Ctx): void {
  let seen = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const scan = () => {
    timer = undefined;
    for (const el of document.querySelectorAll('[data-funnel-step]')) {
      const v = el.getAttribute('data-funnel-step') ?? '';
      const i = v.indexOf(':');
      const f = i > 0 ? v.slice(0, i) : (closestAcross(el, '[data-funnel]')?.getAttribute('data-funnel') ?? 'default');
      const s = i > 0 ? v.slice(i + 1) : v;
      if (!s || seen.has(f + '\n' + s)) continue;
      seen.add(f + '\n' + s);
      ctx.emit({ k: 'step', f: f.slice(0, 100), s: s.slice(0, 100) });
    }
  };
  const later = () => (timer ??= setTimeout(scan, 300));
  // Not at once: the page (or a SPA's new route) may still be rendering, and start-up stays short.
  ctx.onPageView(() => {
    seen = new Set();
    later();
  });
  // A visitor may leave before the delayed scan: look once more on the way out.
  ctx.onPageEnd(scan);
  ctx.l.on('click', later);
  ctx.l.on('submit', later);
  ctx.l.add(() => clearTimeout(timer));
}

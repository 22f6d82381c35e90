import { selector } from './selector.ts';

/**
 * Is the element (or an ancestor) fixed or sticky? Then its points are viewport-relative. Only
 * positioned elements can be either, and those are exactly the offsetParent chain: a few style
 * reads instead of one per ancestor. (A fixed element's offsetParent is null.)
 */
function pinned(el: Element): boolean {
  for (let n: Element | null = el; n && n !== document.body; n = n instanceof HTMLElement ? n.offsetParent : n.parentElement) {
    const p = getComputedStyle(n).position;
    if (p === 'fixed' || p === 'sticky') return true;
  }
  return false;
}

const r3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Where a pointer hit an element: its selector, the offset inside its box as a fraction (so the
 * overlay can paint it at any screen width), and page coordinates as the fallback.
 */
export function position(el: Element, clientX: number, clientY: number, keyboard = false) {
  const b = el.getBoundingClientRect();
  // Keyboard activation (Enter/Space) reports 0,0: take the element's centre.
  if (keyboard) {
    clientX = b.left + b.width / 2;
    clientY = b.top + b.height / 2;
  }
  const fx = pinned(el);
  return {
    sel: selector(el),
    ox: b.width ? r3(Math.min(1, Math.max(0, (clientX - b.left) / b.width))) : 0.5,
    oy: b.height ? r3(Math.min(1, Math.max(0, (clientY - b.top) / b.height))) : 0.5,
    x: Math.round(clientX + (fx ? 0 : scrollX)),
    y: Math.round(clientY + (fx ? 0 : scrollY)),
    ...(fx ? { fx: 1 as const } : {}),
  };
}

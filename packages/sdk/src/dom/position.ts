import { selector } from './selector.ts';

/** Where a pointer was, captured at the event without reading layout. */
export interface Point {
  /** Viewport coordinates. */
  cx: number;
  cy: number;
  /** Page coordinates (the browser computes them with the event: no scroll read needed). */
  px: number;
  py: number;
  /** Keyboard activation (Enter/Space): no pointer position, take the element's centre. */
  key?: boolean;
}

export const pointOf = (e: MouseEvent): Point => ({ cx: e.clientX, cy: e.clientY, px: e.pageX, py: e.pageY, key: !e.detail });

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

const r3 = (n: number) => Math.round(Math.min(1, Math.max(0, n)) * 1000) / 1000;

/** An element's box in the coordinates its points are kept in: viewport if pinned, else page. Reads layout. */
export function boxOf(el: Element) {
  const b = el.getBoundingClientRect();
  const fx = pinned(el);
  return { left: fx ? b.left : b.left + scrollX, top: fx ? b.top : b.top + scrollY, w: b.width, h: b.height, fx };
}

/** A point inside a box as fractions of its width and height, 0..1. */
export const offsetIn = (b: ReturnType<typeof boxOf>, x: number, y: number): [number, number] => [
  b.w ? r3((x - b.left) / b.w) : 0.5,
  b.h ? r3((y - b.top) / b.h) : 0.5,
];

/**
 * Where a pointer hit an element: its selector, the offset inside its box as a fraction (so the
 * overlay can paint it at any screen width), and page coordinates as the fallback. Reads layout:
 * call it when layout is clean (in an animation frame), not in the middle of an input event. An
 * element gone by then keeps its point, placed at its centre.
 */
export function position(el: Element, p: Point, sel = selector(el)) {
  if (!el.isConnected) return { sel, ox: 0.5, oy: 0.5, x: Math.round(p.px), y: Math.round(p.py) };
  const b = boxOf(el);
  const x = p.key ? b.left + b.w / 2 : b.fx ? p.cx : p.px;
  const y = p.key ? b.top + b.h / 2 : b.fx ? p.cy : p.py;
  const [ox, oy] = offsetIn(b, x, y);
  return { sel, ox, oy, x: Math.round(x), y: Math.round(y), fx: b.fx ? (1 as const) : undefined };
}

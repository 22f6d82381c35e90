import type { Ctx } from '../core/context.ts';

/**
 * Counts reversals of scroll direction where the run before the reversal covered at least
 * `minRunPx`; reports when `reversals` happened within `windowMs`. `reset()` forgets them (a click
 * or input means the visitor found something). Pure, so it is tested without a browser.
 */
export function createReversalCounter(reversals: number, windowMs: number) {
  let dir = 0;
  let from = NaN;
  let last = NaN;
  let times: number[] = [];
  return {
    add(y: number, at: number, minRunPx: number): number {
      if (Number.isNaN(last)) {
        from = last = y;
        return 0;
      }
      const d = Math.sign(y - last);
      if (d && dir && d !== dir) {
        if (Math.abs(last - from) >= minRunPx) times.push(at);
        from = last;
      }
      if (d) dir = d;
      last = y;
      times = times.filter((t) => at - t <= windowMs);
      if (times.length < reversals) return 0;
      const n = times.length;
      times = [];
      return n;
    },
    reset(): void {
      times = [];
    },
  };
}

/**
 * Scroll depth (the deepest point seen, sent at page end) and excessive scrolling (back and
 * forth across the page without clicking or typing: searching for something not found).
 * Sampled every 100 ms at most: reading the page height forces layout.
 *
 * The page is what scrolls it: the document, or — in an app shell whose document cannot scroll —
 * the element that scrolls and fills at least half the viewport. Carousels, menus and other
 * small scrolling boxes are not the page.
 */
export function scroll(ctx: Ctx): void {
  let deepest = 0;
  let sent = 0;
  let height = 0;
  let sampleAt = -Infinity;
  let trailing: ReturnType<typeof setTimeout> | undefined;
  let scroller: Element | undefined;
  const notPage = new WeakSet<EventTarget>();
  const counting = () => createReversalCounter(ctx.cfg.scrollReversals, ctx.cfg.scrollWindowMs);
  let counter = counting();

  const sample = () => {
    trailing = undefined;
    sampleAt = performance.now();
    const doc = document.documentElement;
    const el = scroller?.isConnected ? scroller : undefined;
    const top = el ? el.scrollTop : scrollY;
    const view = el ? el.clientHeight : innerHeight;
    height = el ? el.scrollHeight : Math.max(doc.scrollHeight, document.body?.scrollHeight ?? 0);
    deepest = Math.max(deepest, Math.min(1, (top + view) / (height || 1)));
    const n = counter.add(top, sampleAt, view / 4);
    if (n) ctx.emit({ k: 'xscroll', n });
  };
  ctx.onPageEnd((ended) => {
    sample();
    if (deepest > sent) ctx.emit({ k: 'scroll', d: Math.round(deepest * 1000) / 1000, h: Math.round(height) });
    // Hidden pages may come back (send only deeper); a route change starts the next page at 0.
    sent = ended ? (deepest = 0) : deepest;
  });
  // Capturing on window: element scrolls (which do not bubble) arrive too.
  ctx.l.onWindow('scroll', (e) => {
    // The element that scrolled, inside a shadow root too.
    const t = e.composedPath()[0]!;
    if (t !== document && t !== scroller) {
      // Decided once per element (reading sizes forces layout).
      if (notPage.has(t)) return;
      const doc = document.documentElement;
      if (!(t instanceof Element) || t.clientHeight < innerHeight / 2 || t.scrollHeight <= t.clientHeight || doc.scrollHeight > innerHeight + 1) return void notPage.add(t);
      scroller = t;
      counter = counting();
    }
    if (performance.now() - sampleAt >= 100) sample();
    else trailing ??= setTimeout(sample, 100);
  });
  ctx.l.on('pointerdown', () => counter.reset());
  ctx.l.on('keydown', () => counter.reset());
  ctx.l.add(() => clearTimeout(trailing));
}

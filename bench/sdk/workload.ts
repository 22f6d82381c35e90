import type { Page } from '@playwright/test';

export const CLICKS = 300;
export const POINTER_MOVES = 2000;
const WHEEL_STEP_PX = 120;
/**
 * Pointer moves sent before waiting for the browser to take them. Awaited one by one, each move
 * waits for a frame (~20 ms here: 2000 moves would take 40 s a run); a real pointer also outpaces
 * frames, and Chrome coalesces what arrives within one into a single pointermove, as it does here.
 */
export const MOVES_IN_FLIGHT = 4;
const CHARS_PER_FIELD = 10;

interface Box {
  /** Centre, in document coordinates (CSS px from the top-left of the page). */
  x: number;
  y: number;
  h: number;
  tag: string;
}

interface Geometry {
  buttons: Box[];
  fields: Box[];
  viewport: { w: number; h: number };
  scrollHeight: number;
}

/**
 * Where everything is, measured once before the measured window so the workload itself runs no
 * page script of ours beyond the scroll jumps (which cost both variants the same).
 */
export async function measureGeometry(page: Page): Promise<Geometry> {
  // No named helpers inside: tsx compiles with keepNames, which would wrap them in a `__name`
  // call that does not exist in the page.
  const all = await page.evaluate(() =>
    Array.from(document.querySelectorAll('button[data-toggle], form input, form select, form textarea'), (el) => {
      const r = el.getBoundingClientRect();
      return { x: r.left + r.width / 2 + scrollX, y: r.top + r.height / 2 + scrollY, h: r.height, tag: el.tagName };
    }),
  );
  const size = await page.evaluate(() => ({ w: innerWidth, h: innerHeight, scrollHeight: document.documentElement.scrollHeight }));
  return {
    buttons: all.filter((b) => b.tag === 'BUTTON'),
    fields: all.filter((b) => b.tag !== 'BUTTON'),
    viewport: { w: size.w, h: size.h },
    scrollHeight: size.scrollHeight,
  };
}

/**
 * Keeps the page's scroll offset on our side: clicks use viewport coordinates, so a target that is
 * off screen is first brought to a third of the way down by an instant scroll.
 */
function scroller(page: Page, g: Geometry) {
  let top = 0;
  const maxTop = g.scrollHeight - g.viewport.h;
  return {
    get top() {
      return top;
    },
    async jump(to: number) {
      top = Math.max(0, Math.min(maxTop, Math.round(to)));
      await page.evaluate((y) => scrollTo({ top: y, behavior: 'instant' }), top);
    },
    async reveal(b: Box) {
      if (b.y - b.h < top || b.y + b.h > top + g.viewport.h) await this.jump(b.y - g.viewport.h / 3);
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How long each part of the workload took to drive, ms: runs are comparable only if these are. */
export type PhaseTimes = Record<'clicks' | 'moves' | 'scroll' | 'form', number>;

/**
 * A visitor's session, compressed: 300 clicks on buttons spread over the whole page (in passes
 * from top to bottom, so no button is hit twice in a row and the tracker sees ordinary clicks,
 * not rage clicks), 2000 pointer moves in a zig-zag over four parts of the page, a wheel scroll to
 * the bottom and back, and a form filled field by field with the keyboard.
 */
export async function runWorkload(page: Page, g: Geometry): Promise<PhaseTimes> {
  const scroll = scroller(page, g);
  const times: PhaseTimes = { clicks: 0, moves: 0, scroll: 0, form: 0 };
  let t = performance.now();
  const lap = (phase: keyof PhaseTimes) => {
    const now = performance.now();
    times[phase] = now - t;
    t = now;
  };

  for (let i = 0; i < CLICKS; i++) {
    const b = g.buttons[i % g.buttons.length]!;
    await scroll.reveal(b);
    await page.mouse.click(b.x, b.y - scroll.top);
  }
  lap('clicks');

  const segments = 4;
  const perSegment = POINTER_MOVES / segments;
  for (let s = 0; s < segments; s++) {
    await scroll.jump(((g.scrollHeight - g.viewport.h) * s) / (segments - 1));
    for (let i = 0; i < perSegment; i += MOVES_IN_FLIGHT) {
      const moves: Promise<void>[] = [];
      for (let j = i; j < i + MOVES_IN_FLIGHT; j++) {
        // Sweeps of 50 moves left-to-right and back, drifting down the viewport: a reading pointer.
        const phase = (j % 100) / 50;
        const x = 20 + (g.viewport.w - 40) * (phase <= 1 ? phase : 2 - phase);
        const y = 20 + ((g.viewport.h - 40) * j) / perSegment;
        moves.push(page.mouse.move(x, y));
      }
      await Promise.all(moves);
    }
  }
  lap('moves');

  await scroll.jump(0);
  await page.mouse.move(g.viewport.w / 2, g.viewport.h / 2);
  const steps = Math.ceil((g.scrollHeight - g.viewport.h) / WHEEL_STEP_PX);
  // mouse.wheel does not wait for the scroll to happen; the pause at the bottom lets the last
  // steps land before the way back up.
  for (let i = 0; i < steps; i++) await page.mouse.wheel(0, WHEEL_STEP_PX);
  await sleep(300);
  for (let i = 0; i < steps; i++) await page.mouse.wheel(0, -WHEEL_STEP_PX);
  await sleep(300);
  // The wheel moved the page without telling our scroller; one jump re-syncs it.
  await scroll.jump(0);
  lap('scroll');

  for (const [i, f] of g.fields.entries()) {
    await scroll.reveal(f);
    await page.mouse.click(f.x, f.y - scroll.top);
    if (f.tag === 'SELECT') {
      // Typing into an open <select> picks by type-ahead; Enter commits and closes the popup.
      await page.keyboard.type('Norway');
      await page.keyboard.press('Enter');
    } else {
      await page.keyboard.type(`field ${i} ok`.padEnd(CHARS_PER_FIELD, 'x').slice(0, CHARS_PER_FIELD));
    }
  }
  lap('form');
  return times;
}

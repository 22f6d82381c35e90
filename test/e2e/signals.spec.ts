import type { Page } from '@playwright/test';
import { expect, sdkReady, test } from '../support/fixtures.ts';
import { fillShipping } from '../support/shop.ts';

// Each signal fires on the demo shop's planted trigger and stays silent on the ordinary controls
// around it (apps/demo-shop/README.md lists both).

const flush = (page: Page) => page.evaluate(() => (window as unknown as { touchmap: { flush(): Promise<void> } }).touchmap.flush());

async function open(page: Page, path: string) {
  await page.goto(path);
  await sdkReady(page);
}

async function addToCart(page: Page) {
  await open(page, '/product.html?id=1');
  await page.getByTestId('add-to-cart').click();
}

test('a click is placed relative to its element and to the page, with label and touchpoint', async ({ page, collector }) => {
  await open(page, '/product.html?id=1');
  const btn = page.getByTestId('add-to-cart');
  const box = (await btn.boundingBox())!;
  await btn.click({ position: { x: box.width * 0.25, y: box.height * 0.75 } });
  await flush(page);
  await collector.waitFor(() => collector.events('click').length > 0);
  const [click] = collector.events('click');
  expect(click).toMatchObject({ k: 'click', tx: 'Add to cart', tp: 'add-to-cart' });
  if (click?.k !== 'click') throw new Error('no click');
  expect(click.ox).toBeCloseTo(0.25, 1);
  expect(click.oy).toBeCloseTo(0.75, 1);
  expect(Math.abs(click.x - (box.x + box.width * 0.25))).toBeLessThanOrEqual(2);
  expect(await page.locator(click.sel).count(), click.sel).toBe(1);
  expect(await page.locator(click.sel).getAttribute('data-testid')).toBe('add-to-cart');
  const [pv] = collector.events('pv');
  expect(pv).toMatchObject({ url: '/product.html?id=1', nav: 'navigate', dev: 'd', nv: 1 });
});

test('dead click on the planted control only; disabled clicks reported as such', async ({ page, collector }) => {
  await open(page, '/product.html?id=1');
  await page.getByTestId('size-guide').click();
  // Ordinary controls that all answer in their own way.
  await page.getByTestId('qty-plus').click();
  await page.getByTestId('faq').locator('summary').click();
  await page.getByTestId('menu-toggle').click();
  await page.getByTestId('description').click({ clickCount: 3 });
  const download = page.waitForEvent('download');
  await page.getByTestId('download-spec').click();
  await download;
  const popup = page.waitForEvent('popup');
  await page.getByTestId('care-guide').click();
  await (await popup).close();
  await page.getByTestId('add-to-cart').click();
  await page.getByTestId('notify').click({ force: true });
  await page.waitForTimeout(2800);
  await flush(page);
  await collector.waitFor(() => collector.events('dead').length > 0 && collector.events('disabled').length > 0);
  await page.waitForTimeout(300);
  const dead = collector.events('dead');
  expect(dead.map((e) => ('sel' in e ? e.sel : ''))).toEqual([expect.stringContaining('size-guide')]);
  const disabled = collector.events('disabled');
  expect(disabled).toHaveLength(1);
  expect(disabled[0]).toMatchObject({ sel: expect.stringContaining('notify') });
  expect(collector.events('rage')).toEqual([]);
});

test('rage click on the frozen Pay button, not on steppers, carousels or text selection', async ({ page, collector }) => {
  await open(page, '/');
  for (let i = 0; i < 5; i++) await page.getByTestId('carousel-next').click();
  await open(page, '/product.html?id=1');
  for (let i = 0; i < 6; i++) await page.getByTestId('qty-plus').click();
  await page.getByTestId('description').click({ clickCount: 3 });
  await page.getByTestId('description').click({ clickCount: 2 });
  await page.waitForTimeout(1200);
  await flush(page);
  expect(collector.events('rage')).toEqual([]);

  await open(page, '/checkout/payment');
  for (let i = 0; i < 5; i++) await page.getByTestId('pay').click();
  await collector.waitFor(() => collector.events('rage').length > 0, 10_000, 'rage');
  const rage = collector.events('rage');
  expect(rage).toHaveLength(1);
  expect(rage[0]).toMatchObject({ sel: expect.stringContaining('pay'), n: 5 });
});

test('error click credits the error to the button that threw', async ({ page, collector }) => {
  await addToCart(page);
  await open(page, '/cart.html');
  await page.getByTestId('apply-coupon').click();
  await flush(page);
  await collector.waitFor(() => collector.events('errclick').length > 0 && collector.events('err').length > 0);
  expect(collector.events('errclick')[0]).toMatchObject({ sel: expect.stringContaining('apply-coupon'), msg: expect.stringContaining('coupon service unavailable') });
  expect(collector.events('err')[0]).toMatchObject({ msg: expect.stringContaining('coupon service unavailable') });
  // A click that throws nothing is no error click.
  await page.getByTestId('gift-wrap').click();
  await page.waitForTimeout(2200);
  await flush(page);
  expect(collector.events('errclick')).toHaveLength(1);
});

test('form friction: focus, refocus, clear-and-retype, validation failures — never values', async ({ page, collector }) => {
  await open(page, '/checkout/shipping');
  await page.getByTestId('name').fill('Ada Lovelace');
  const postcode = page.getByTestId('postcode');
  await postcode.click();
  await postcode.pressSequentially('SW1A 1AA');
  await page.getByTestId('address').click();
  await expect(postcode).toHaveAttribute('aria-invalid', 'true');
  await page.getByTestId('to-payment').click();
  await postcode.click();
  await postcode.press('ControlOrMeta+a');
  await postcode.press('Backspace');
  await postcode.pressSequentially('12345');
  await page.getByTestId('address').click();
  await flush(page);
  const actions = () => collector.events('field').filter((e) => e.k === 'field' && e.sel.includes('postcode')).map((e) => (e.k === 'field' ? e.a : ''));
  await collector.waitFor(() => actions().includes('clear') && actions().filter((a) => a === 'invalid').length >= 2);
  const a = actions();
  expect(a[0]).toBe('focus');
  expect(a).toContain('refocus');
  expect(a).toContain('blur');
  expect(a).toContain('change');
  const whys = collector.events('field').flatMap((e) => (e.k === 'field' && e.a === 'invalid' && e.sel.includes('postcode') ? [e.why] : []));
  expect(whys).toContain('aria-invalid');
  expect(whys).toContain('patternMismatch');
  const blur = collector.events('field').find((e) => e.k === 'field' && e.a === 'blur' && e.sel.includes('postcode'));
  expect(blur).toMatchObject({ ms: expect.any(Number), ttfi: expect.any(Number) });
  for (const r of collector.receipts) expect(r.raw).not.toContain('SW1A');
});

test('hover dwell, thrashed cursor and the move map', async ({ page, collector }) => {
  await open(page, '/product.html?id=1');
  const box = (await page.getByTestId('add-to-cart').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.waitForTimeout(1300);
  await page.mouse.move(cx + 2, cy);
  for (let i = 0; i < 30; i++) await page.mouse.move(cx + (i % 2 ? 80 : -80), cy + 100, { steps: 2 });
  for (let i = 0; i < 20; i++) {
    await page.mouse.move(cx - 5 + i, cy);
    await page.waitForTimeout(20);
  }
  await page.goto('/');
  await collector.waitFor(() => ['hover', 'thrash', 'move'].every((k) => collector.events(k as 'hover').length > 0));
  expect(collector.events('hover').some((e) => e.k === 'hover' && e.sel.includes('add-to-cart') && e.ms >= 1000)).toBe(true);
  expect(collector.events('thrash')[0]).toMatchObject({ n: expect.any(Number) });
  const moves = collector.events('move').filter((e) => e.k === 'move' && e.sel.includes('add-to-cart'));
  expect(moves.length).toBeGreaterThan(0);
  for (const m of moves) if (m.k === 'move') for (const p of m.pts) expect(p).toBeGreaterThanOrEqual(0);
});

test('scroll depth and excessive scrolling', async ({ page, collector }) => {
  await page.setViewportSize({ width: 480, height: 400 });
  await open(page, '/');
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  expect(height, 'the catalogue must be long enough to scroll').toBeGreaterThan(1200);
  for (let i = 0; i < 4; i++) {
    await page.mouse.wheel(0, 700);
    await page.waitForTimeout(250);
    await page.mouse.wheel(0, -700);
    await page.waitForTimeout(250);
  }
  await page.goto('/product.html?id=2');
  await collector.waitFor(() => collector.events('scroll').length > 0 && collector.events('xscroll').length > 0);
  const s = collector.events('scroll')[0]!;
  if (s.k !== 'scroll') throw new Error();
  // Deepest point: one wheel of 700 px below the top, plus the 400 px viewport.
  expect(s.d).toBeCloseTo((700 + 400) / height, 1);
  expect(s.h).toBe(height);
});

test('quick back is a u-turn on the page left', async ({ page, collector }) => {
  await open(page, '/product.html?id=1');
  await page.waitForTimeout(300);
  await open(page, '/product.html?id=3');
  await page.goBack();
  await sdkReady(page);
  await flush(page);
  await collector.waitFor(() => collector.events('uturn').length > 0);
  expect(collector.events('uturn')[0]).toMatchObject({ url: '/product.html?id=3' });
});

test('a page left before the tab was idle still counts for the u-turn', async ({ page, collector }) => {
  // A busy tab: idle callbacks come 3 s late, so the visit to id=3 is recorded only when it ends.
  await page.addInitScript(() => {
    window.requestIdleCallback = (f) => window.setTimeout(f, 3000);
  });
  await open(page, '/product.html?id=1');
  await open(page, '/product.html?id=3');
  await page.goBack();
  await sdkReady(page);
  await collector.waitFor(() => collector.events('uturn').length > 0);
  expect(collector.events('uturn')[0]).toMatchObject({ url: '/product.html?id=3' });
});

test('SPA route changes are page views; funnel steps come from data-funnel-step', async ({ page, collector }) => {
  await addToCart(page);
  await open(page, '/cart.html');
  await page.getByTestId('checkout').click();
  await page.waitForURL('**/checkout/shipping');
  await sdkReady(page);
  await fillShipping(page);
  await page.waitForTimeout(500);
  await flush(page);
  await collector.waitFor(() => collector.events('step').length >= 3);
  expect(collector.events('step').map((e) => (e.k === 'step' ? `${e.f}:${e.s}` : ''))).toEqual(['checkout:cart', 'checkout:shipping', 'checkout:payment']);
  const spa = collector.events('pv').filter((e) => e.k === 'pv' && e.nav === 'spa');
  expect(spa).toMatchObject([{ url: '/checkout/payment' }]);
  // One session throughout; the SPA step has its own page view.
  expect(new Set(collector.events().map((e) => e.sid)).size).toBe(1);
  expect(spa[0]!.pv).not.toBe(collector.events('pv').find((e) => e.k === 'pv' && e.url === '/checkout/shipping')!.pv);
});

test('web vitals arrive with the page they belong to, loaded lazily', async ({ page, collector }) => {
  const scripts: string[] = [];
  page.on('request', (r) => scripts.push(r.url()));
  await open(page, '/product.html?id=1');
  await page.waitForFunction(() => document.querySelector('script[src$="touchmap-vitals.js"]'));
  await page.waitForTimeout(500);
  // A slow interaction (120 ms of work in a click handler) is what INP exists to catch.
  await page.evaluate(() =>
    document.querySelector('[data-testid="qty-plus"]')!.addEventListener('click', () => {
      const end = performance.now() + 120;
      while (performance.now() < end);
    }),
  );
  await page.getByTestId('qty-plus').click();
  // Event Timing entries reach observers some frames after the interaction's paint.
  await page.waitForTimeout(1500);
  await page.goto('/');
  await collector.waitFor(
    () => ['LCP', 'INP'].every((n) => collector.events('vital').some((e) => e.k === 'vital' && e.name === n)),
    10_000,
    'LCP and INP',
  );
  const inp = collector.events('vital').find((e) => e.k === 'vital' && e.name === 'INP')!;
  expect(inp).toMatchObject({ sel: expect.stringContaining('qty-plus'), r: expect.stringMatching(/good|needs-improvement|poor/) });
  if (inp.k === 'vital') expect(inp.val).toBeGreaterThanOrEqual(120);
  expect(scripts.filter((u) => u.endsWith('touchmap-vitals.js')).length).toBeGreaterThan(0);
});

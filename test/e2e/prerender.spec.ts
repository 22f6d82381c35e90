import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.ts';

// A page the browser prerenders (speculation rules, a link hovered) may never be seen. Chromium
// does not prerender while DevTools (Playwright) is attached, so the page is made to say what a
// prerendered page says: `document.prerendering` true until `prerenderingchange` fires.

type Api = { touchmap: { _loaded?: 1; track(n: string): void; flush(): Promise<void> }; activate(): void };

async function openPrerendered(page: Page, path: string): Promise<void> {
  await page.addInitScript((target) => {
    // This page only: the init script runs on every later navigation too.
    if (location.pathname + location.search !== target) return;
    let prerendering = true;
    Object.defineProperty(Document.prototype, 'prerendering', { configurable: true, get: () => prerendering });
    (window as unknown as Api).activate = () => {
      prerendering = false;
      document.dispatchEvent(new Event('prerenderingchange'));
    };
  }, path);
  await page.goto(path);
  await page.waitForFunction(() => (window as unknown as Api).touchmap?._loaded === 1);
  // The page's own code reports something while prerendered.
  await page.evaluate(() => (window as unknown as Api).touchmap.track('prerendered-call'));
  // Several flush intervals (300 ms in tests): a tracker that started would have sent by now.
  await page.waitForTimeout(1500);
}

const touchmapStorage = (page: Page) =>
  page.evaluate(async () => ({
    local: Object.keys(localStorage).filter((k) => k.startsWith('touchmap')),
    session: Object.keys(sessionStorage).filter((k) => k.startsWith('touchmap')),
    idb: (await indexedDB.databases()).map((d) => d.name),
  }));

test('a prerendered page records nothing until activated, then its page view is a prerender at activation', async ({ page, collector }) => {
  await openPrerendered(page, '/product.html?id=1');
  expect(collector.receipts).toEqual([]);
  expect(await touchmapStorage(page)).toEqual({ local: [], session: [], idb: [] });

  const activatedAt = await page.evaluate(() => {
    (window as unknown as Api).activate();
    return Date.now();
  });
  await page.waitForTimeout(300);
  await page.getByTestId('qty-plus').click();
  await page.evaluate(() => (window as unknown as Api).touchmap.flush());
  await collector.waitFor(() => collector.events('click').length > 0 && collector.events('track').length > 0);
  const [pv, ...more] = collector.events('pv');
  expect(more).toEqual([]);
  expect(pv).toMatchObject({ k: 'pv', nav: 'prerender', url: '/product.html?id=1' });
  expect(pv!.t).toBeGreaterThanOrEqual(activatedAt - 50);
  // The call made while prerendered is kept, dated when the visitor saw the page.
  const [track] = collector.events('track');
  expect(track).toMatchObject({ name: 'prerendered-call', pv: pv!.pv });
  expect(track!.t).toBeGreaterThanOrEqual(pv!.t);
});

test('a prerendered page left without being activated never counts, not even on the next load', async ({ page, collector }) => {
  await openPrerendered(page, '/product.html?id=1');
  // Discarded: the page goes away (pagehide) while still prerendered.
  await page.goto('/cart.html');
  await page.waitForFunction(() => (window as unknown as Api).touchmap?._loaded === 1);
  await page.waitForTimeout(300);
  await page.evaluate(() => (window as unknown as Api).touchmap.flush());
  await collector.waitFor(() => collector.events('pv').length > 0);
  await page.waitForTimeout(500);
  expect(collector.events('pv').map((e) => e.k === 'pv' && [e.url, e.nav])).toEqual([['/cart.html', 'navigate']]);
  expect(collector.events('track')).toEqual([]);
});

test('shut down while prerendered: nothing starts, not even once activated', async ({ page, collector }) => {
  await openPrerendered(page, '/product.html?id=1');
  await page.evaluate(async () => {
    await (window as unknown as { touchmap: { shutdown(): Promise<void> } }).touchmap.shutdown();
    (window as unknown as Api).activate();
  });
  await page.getByTestId('qty-plus').click();
  await page.waitForTimeout(1500);
  expect(collector.receipts).toEqual([]);
  expect(await touchmapStorage(page)).toEqual({ local: [], session: [], idb: [] });
});

import { expect, sdkReady, test } from '../support/fixtures.ts';

// An app shell (html and body fixed to the viewport, a main pane that scrolls) is how many
// single-page apps are built: its scroll depth and excessive scrolling are the pane's, and the
// carousels and menus scrolling inside it are not the page.

test('in an app shell the scrolling pane is the page: depth and excessive scrolling are measured on it', async ({ page, collector }) => {
  await page.setViewportSize({ width: 800, height: 600 });
  await page.goto(`${collector.url}/fixture/app-shell.html`);
  await sdkReady(page);
  const main = page.getByTestId('main');
  const { scrollHeight, clientHeight } = await main.evaluate((m) => ({ scrollHeight: m.scrollHeight, clientHeight: m.clientHeight }));
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(600);
  // A carousel and a small menu scrolled back and forth: not the page, no excessive scrolling.
  for (const id of ['carousel', 'menu']) {
    await page.getByTestId(id).hover();
    for (let i = 0; i < 4; i++) {
      await page.mouse.wheel(id === 'carousel' ? 400 : 0, id === 'menu' ? 100 : 0);
      await page.waitForTimeout(200);
      await page.mouse.wheel(id === 'carousel' ? -400 : 0, id === 'menu' ? -100 : 0);
      await page.waitForTimeout(200);
    }
  }
  expect(await main.evaluate((m) => m.scrollTop)).toBe(0);
  // The pane: down and up, four times.
  const paneFrom = await page.evaluate(() => Date.now());
  await page.mouse.move(400, 500);
  for (let i = 0; i < 4; i++) {
    await page.mouse.wheel(0, 900);
    await page.waitForTimeout(250);
    await page.mouse.wheel(0, -900);
    await page.waitForTimeout(250);
  }
  await expect.poll(() => main.evaluate((m) => m.scrollTop)).toBe(0);
  await page.evaluate(() => (window as unknown as { touchmap: { shutdown(): Promise<void> } }).touchmap.shutdown());
  await collector.waitFor(() => collector.events('scroll').length > 0);
  const s = collector.events('scroll')[0]!;
  if (s.k !== 'scroll') throw new Error();
  expect(s.h).toBe(scrollHeight);
  expect(s.d).toBeCloseTo((900 + clientHeight) / scrollHeight, 1);
  // Seven reversals of the pane (reported three at a time), none of the carousel or the menu.
  const xs = collector.events('xscroll');
  expect(xs.length).toBeGreaterThan(0);
  for (const x of xs) expect(x.t).toBeGreaterThanOrEqual(paneFrom);
});

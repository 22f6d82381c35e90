import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { BROWSER_UA } from '../../apps/collector/src/test-batches.ts';
import { startDemoCollector, type DemoCollector } from '../support/demo-collector.ts';
import { sdkReady, useSdk } from '../support/fixtures.ts';
import { fillShipping } from '../support/shop.ts';

// Issue 5's acceptance: scripted shoppers on the demo shop into a real collector, then a
// researcher opens the overlay (?touchmap=overlay) on the same shop in Chromium.
test.describe.configure({ mode: 'serial', timeout: 180_000 });
test.use({ actionTimeout: 15_000, navigationTimeout: 15_000 });

let collector: DemoCollector;
let url = '';
let token = '';
let editToken = '';
const HOSTILE = '<img src=x onerror="window.__xss=1">';
const SHOTS = process.env.TOUCHMAP_SCREENSHOTS; // set to write the README's screenshots to docs/

test.beforeAll(async ({ browser }) => {
  collector = await startDemoCollector('overlay');
  ({ url, token } = collector);
  editToken = await collector.cli('token', 'create', 'demo', '--edit');
  // Shoppers: two rage-click the express delivery chip at shipping, two click "Use a saved
  // card" (which does nothing) at payment; one completes.
  await shopper(browser, async (page) => {
    await toShipping(page, 1);
    for (let i = 0; i < 4; i++) await page.getByTestId('express-delivery').click({ delay: 20 });
    await page.waitForTimeout(1500);
    await fillShipping(page);
    await page.getByTestId('saved-card').click();
    await page.waitForTimeout(3000);
    await page.getByTestId('card').fill('4242424242424242');
    await page.getByTestId('pay').click();
    await page.waitForURL('**/checkout/confirmation', { timeout: 10_000 });
  });
  await shopper(browser, async (page) => {
    await toShipping(page, 2);
    for (let i = 0; i < 4; i++) await page.getByTestId('express-delivery').click({ delay: 20 });
    await page.waitForTimeout(1500);
  });
  await shopper(browser, async (page) => {
    await toShipping(page, 1);
    await fillShipping(page);
    await page.getByTestId('saved-card').click();
    await page.waitForTimeout(3000);
  });
  // A page that recorded a selector full of markup (any page can have such an attribute).
  const t = Date.now();
  const body = { v: 1, site: 'demo', sid: 'hostile', pv: 'hostile', bid: 'hostile', sent: t, events: [
    { id: 'hostile.0', t, k: 'pv', url: '/checkout/shipping', nav: 'navigate', vw: 1280, vh: 720, sw: 1280, dev: 'd' },
    { id: 'hostile.1', t: t + 1, k: 'dead', sel: `button[aria-label="${HOSTILE}"]`, ox: 0.5, oy: 0.5, x: 100, y: 100 },
  ] };
  expect((await fetch(`${url}/v1/batch`, { method: 'POST', body: JSON.stringify(body), headers: { 'user-agent': BROWSER_UA } })).status).toBe(200);
  const read = collector.read;
  await expect.poll(async () => (await read('hotspots?url=%2Fcheckout%2Fpayment')).rows.length, { timeout: 20_000 }).toBeGreaterThan(0);
  await expect.poll(async () => (await read('hotspots?url=%2Fcheckout%2Fshipping')).rows.map((r: { sel: string }) => r.sel).join(' '), { timeout: 20_000 }).toContain('express-delivery');
});
test.afterAll(async () => collector.stop());

type Api = { touchmap: { flush(): Promise<void> } };
async function shopper(browser: Browser, script: (page: Page) => Promise<void>) {
  const context = await browser.newContext();
  await useSdk(context, url);
  const page = await context.newPage();
  await script(page);
  await page.evaluate(() => (window as unknown as Api).touchmap.flush());
  await context.close();
}

async function toShipping(page: Page, product: number) {
  await page.goto(`/product.html?id=${product}`);
  await sdkReady(page);
  await addAndCheckOut(page);
}

/** From a product page: add it to the cart and go to the checkout's shipping step. */
async function addAndCheckOut(page: Page) {
  await page.getByTestId('add-to-cart').click();
  await page.goto('/cart.html');
  // The SDK reports the page's funnel step (data-funnel-step) a moment after load: stay for it.
  await sdkReady(page);
  await page.waitForTimeout(500);
  await page.getByTestId('checkout').click();
  await page.waitForURL('**/checkout/shipping');
  await sdkReady(page);
}

/** A researcher's tab: the SDK as on the live site, the overlay opened by ?touchmap=overlay and signed in. */
async function researcher(browser: Browser, withToken = token): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  await useSdk(context, url);
  const page = await context.newPage();
  await page.goto('/product.html?id=1&touchmap=overlay');
  await page.locator('touchmap-overlay #tm-token').fill(withToken);
  await page.locator('touchmap-overlay').getByRole('button', { name: 'Open overlay' }).click();
  await expect(page.locator('touchmap-overlay aside.panel')).toBeVisible();
  return { context, page };
}

const overlaps = (a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The alpha of the heat canvas at the centre of `target`, read from the canvas itself. */
async function heatAt(page: Page, target: Locator): Promise<number> {
  const box = (await target.boundingBox())!;
  return page.evaluate(([x, y]) => {
    const canvas = document.querySelector('touchmap-overlay')!.shadowRoot!.querySelector('canvas')!;
    const px = canvas.getContext('2d')!.getImageData(Math.round(x!), Math.round(y!), 1, 1).data;
    return px[3]!;
  }, [box.x + box.width / 2, box.y + box.height / 2]);
}

test('hotspot markers sit on the planted friction; the heat follows the elements through a resize', async ({ browser }) => {
  const { context, page } = await researcher(browser);
  // The overlay stays open through the shopping path (sessionStorage), and the researcher is not recorded.
  await addAndCheckOut(page);
  const overlay = page.locator('touchmap-overlay');
  const chip = page.getByTestId('express-delivery');
  const marker = overlay.locator('.marker[data-sel*="express-delivery"]');
  await expect(marker).toBeVisible({ timeout: 15_000 });
  expect(overlaps((await marker.boundingBox())!, (await chip.boundingBox())!)).toBe(true);
  await expect.poll(() => heatAt(page, chip)).toBeGreaterThan(0);
  // Keyboard: the marker is focusable and its tooltip says counts, sessions and share.
  await marker.focus();
  await expect(overlay.getByRole('tooltip')).toContainText(/rage/);
  await expect(overlay.getByRole('tooltip')).toContainText(/2 sessions affected · \d+% of the \d+ sessions that/);
  if (SHOTS) await page.screenshot({ path: 'docs/overlay-shipping.png' });

  await page.setViewportSize({ width: 900, height: 700 });
  await expect.poll(async () => overlaps((await marker.boundingBox())!, (await chip.boundingBox())!)).toBe(true);
  await expect.poll(() => heatAt(page, chip)).toBeGreaterThan(0);

  await fillShipping(page);
  const saved = page.getByTestId('saved-card');
  const deadMarker = overlay.locator('.marker[data-sel*="saved-card"]');
  await expect(deadMarker).toBeVisible({ timeout: 15_000 });
  expect(overlaps((await deadMarker.boundingBox())!, (await saved.boundingBox())!)).toBe(true);
  // This page's touchpoints and its funnel, from the journey model.
  await expect(overlay.getByTestId('touchpoints')).toContainText('Payment');
  await expect(overlay.getByTestId('touchpoints')).toContainText('moment of truth');
  await expect(overlay.getByTestId('funnel')).toContainText('Checkout');
  if (SHOTS) {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: 'docs/overlay-payment.png' });
  }
  // Nothing the researcher did was recorded: only the three shoppers reached payment.
  // (Polled: the shoppers' last beacons may still be on their way; the researcher would make it 4.)
  const entered = async () => (await collector.read('funnels/checkout')).entered;
  await expect.poll(entered, { timeout: 15_000 }).toBe(3);
  // One key closes it, and it stays closed on the next page.
  await page.keyboard.press('Escape');
  await expect(overlay).toHaveCount(0);
  await page.reload();
  await sdkReady(page);
  await page.waitForTimeout(500);
  await expect(page.locator('touchmap-overlay')).toHaveCount(0);
  await context.close();
});

test('the page is pixel-identical outside the overlay; page styles cannot reach it; markup in selectors is text', async ({ browser }) => {
  const { context, page } = await researcher(browser);
  await addAndCheckOut(page);
  const overlay = page.locator('touchmap-overlay');
  const panel = overlay.locator('aside.panel');
  await expect(overlay.getByTestId('hotspots')).toContainText('express-delivery', { timeout: 15_000 });

  // 3. The hostile selector is shown as text; nothing ran, no element was made of it.
  await expect(overlay.getByTestId('hotspots')).toContainText(HOSTILE);
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.evaluate(() => document.querySelector('touchmap-overlay')!.shadowRoot!.querySelectorAll('img').length)).toBe(0);

  // 2a. Layers off: everything left of the panel is the page, pixel for pixel, with the overlay open and closed.
  for (const name of ['Heatmap', 'Friction hotspots', 'Scroll-depth fold lines']) await overlay.getByLabel(name).uncheck();
  const vw = page.viewportSize()!;
  // Left of the panel and its shadow (24 px).
  const clip = { x: 0, y: 0, width: vw.width - 360 - 24, height: vw.height };
  const layout = () => page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight, JSON.stringify(document.querySelector('main')?.getBoundingClientRect())]);
  const open = { shot: await page.screenshot({ clip, animations: 'disabled', caret: 'hide' }), layout: await layout() };

  // 2b. An aggressive page stylesheet does not change the overlay.
  const before = await panel.screenshot({ animations: 'disabled', caret: 'hide' });
  await page.addStyleTag({
    content: `*, *::before, *::after { all: unset !important; font: italic 30px serif !important; color: red !important; background: yellow !important; }
              touchmap-overlay, aside, div, button, select, canvas { display: none !important; opacity: 0 !important; }`,
  });
  await page.waitForTimeout(300);
  expect((await panel.screenshot({ animations: 'disabled', caret: 'hide' })).equals(before)).toBe(true);
  await page.evaluate(() => document.querySelectorAll('style').forEach((s) => s.textContent?.includes('all: unset') && s.remove()));
  await page.waitForTimeout(300);

  await page.keyboard.press('Escape');
  await expect(overlay).toHaveCount(0);
  expect(await layout()).toEqual(open.layout);
  const closed = await page.screenshot({ clip, animations: 'disabled', caret: 'hide' });
  expect(closed.equals(open.shot)).toBe(true);
  await context.close();
});

test('inspect mode: an element stats on hover; tagging it as a touchpoint persists and reaches the journey query', async ({ browser }) => {
  const { context, page } = await researcher(browser, editToken);
  await addAndCheckOut(page);
  const overlay = page.locator('touchmap-overlay');
  await expect(overlay.getByTestId('hotspots')).toContainText('express-delivery', { timeout: 15_000 });
  await overlay.getByRole('button', { name: 'Inspect' }).click();
  const button = page.getByTestId('to-payment');
  await button.hover();
  await expect(overlay.getByTestId('element-stats')).toContainText(/\d+ click/, { timeout: 10_000 });
  // The click is the researcher's pick: it does not submit the form.
  await button.click();
  await expect(page).toHaveURL(/\/checkout\/shipping/);
  const form = overlay.getByRole('form', { name: 'Tag as a touchpoint' });
  await form.getByLabel('Name').fill('Continue to payment');
  await form.getByLabel('Stage').selectOption('decision');
  await form.getByLabel('Moment of truth').check();
  await form.getByRole('button', { name: 'Tag as touchpoint' }).click();
  await expect(form.getByRole('alert')).toContainText('Saved as touchpoint “continue-to-payment”');
  if (SHOTS) await page.screenshot({ path: 'docs/overlay-inspect.png' });

  const auth = { headers: { authorization: `Bearer ${token}` } };
  const def = await (await fetch(`${url}/v1/sites/demo/journey`, auth)).json();
  expect(def).toMatchObject({ source: 'overlay' });
  const tp = def.journey.touchpoints.find((t: { id: string }) => t.id === 'continue-to-payment');
  expect(tp).toMatchObject({ stage: 'decision', momentOfTruth: true, match: { selector: expect.stringContaining('to-payment') } });
  // The journey map counts it: the two shoppers who continued to payment clicked it.
  const map = await (await fetch(`${url}/v1/sites/demo/journey/map`, auth)).json();
  const decision = map.stages.find((s: { id: string }) => s.id === 'decision');
  expect(decision.touchpoints.find((t: { id: string }) => t.id === 'continue-to-payment')).toMatchObject({ reach: 2, momentOfTruth: true });
  // And the overlay lists it among this page's touchpoints after it reloads its data.
  await expect(overlay.getByTestId('touchpoints')).toContainText('Continue to payment');
  await context.close();
});

test('works under a strict Content-Security-Policy (no eval, no inline script or style)', async ({ browser, baseURL }) => {
  // The shop behind a proxy that adds a policy allowing scripts and requests only from the shop
  // and the collector, and no inline script or style at all (a real server: a response made up
  // by the test would not be on the loopback address space the collector is on).
  const csp = `default-src 'self'; script-src 'self' ${url}; connect-src 'self' ${url}; style-src 'self'; img-src 'self' data:`;
  const proxy = createServer(async (req, res) => {
    const r = await fetch(`${baseURL}${req.url}`);
    const headers: Record<string, string> = { 'content-type': r.headers.get('content-type') ?? 'application/octet-stream' };
    if (headers['content-type']!.startsWith('text/html')) headers['content-security-policy'] = csp;
    res.writeHead(r.status, headers).end(Buffer.from(await r.arrayBuffer()));
  });
  await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
  const shop = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  await useSdk(context, url);
  const page = await context.newPage();
  await page.addInitScript(() => {
    const seen: string[] = ((window as unknown as { __violations: string[] }).__violations = []);
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`));
  });
  await page.goto(`${shop}/product.html?id=1&touchmap=overlay`);
  await page.locator('touchmap-overlay #tm-token').fill(token);
  await page.locator('touchmap-overlay').getByRole('button', { name: 'Open overlay' }).click();
  const panel = page.locator('touchmap-overlay aside.panel');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('sessions viewed this page');
  // Its stylesheet applied (a blocked one would leave the panel unstyled: static, full width).
  expect(await panel.evaluate((el) => [getComputedStyle(el).position, getComputedStyle(el).width])).toEqual(['absolute', '360px']);
  // The policy did bite (the shop's inline snippet was blocked); nothing of the overlay's was.
  const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  expect(violations.some((v) => v.startsWith('script-src-elem inline'))).toBe(true);
  expect(violations.filter((v) => v.includes(url) || v.includes('touchmap'))).toEqual([]);
  await context.close();
  proxy.close();
});

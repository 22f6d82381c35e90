import { expect, test, type Browser, type Page } from '@playwright/test';
import { startDemoCollector, type DemoCollector } from '../support/demo-collector.ts';
import { sdkReady, useSdk } from '../support/fixtures.ts';
import { fillShipping } from '../support/shop.ts';

// Issue 4's acceptance on the demo shop: scripted shoppers in Chromium, a real collector and
// DuckDB, the shop's own journey.json — and the funnel, pain-point and journey-map queries
// answering with exactly the numbers and evidence those sessions imply.
test.describe.configure({ mode: 'serial' });

const HOUR = 3_600_000;
let collector: DemoCollector;
let url = '';
let secret = '';
const now = Date.now();
// Shoppers' clocks: A shops three hours ago, B and C two hours ago — sessions that have ended
// (idle for more than 30 minutes), in two periods to compare.
const periodOne = { from: now - 4 * HOUR, to: now - 2.5 * HOUR };
const periodTwo = { from: now - 2.5 * HOUR, to: now };

test.beforeAll(async () => {
  collector = await startDemoCollector('journey');
  url = collector.url;
  secret = await collector.cli('secret', 'create', 'demo');
});
test.afterAll(async () => collector.stop());

const read = (path: string) => collector.read(path);
type Api = { touchmap: { flush(): Promise<void> } };

/** One shopper: a fresh browser context (a new visitor), its clock set to `at`. */
async function shopper(browser: Browser, at: number, script: (page: Page, open: (path: string) => Promise<void>) => Promise<void>) {
  const context = await browser.newContext();
  await useSdk(context, url);
  const page = await context.newPage();
  await page.clock.install({ time: at });
  const open = async (path: string) => {
    await page.goto(path);
    await sdkReady(page);
    await page.waitForTimeout(300);
  };
  await script(page, open);
  await page.evaluate(() => (window as unknown as Api).touchmap.flush());
  await context.close();
}

async function toCheckout(page: Page, open: (path: string) => Promise<void>, product: number) {
  await open(`/product.html?id=${product}`);
  await page.getByTestId('add-to-cart').click();
  await open('/cart.html');
  await page.getByTestId('checkout').click();
  await page.waitForURL('**/checkout/shipping');
  await sdkReady(page);
}

test('scripted shoppers: one completes, one abandons at shipping after a rage click, one at payment after a dead click', async ({ browser }) => {
  test.setTimeout(120_000);
  // A: completes the checkout (the first Pay is slow: 3 s).
  await shopper(browser, now - 3 * HOUR, async (page, open) => {
    await toCheckout(page, open, 1);
    await fillShipping(page);
    await page.getByTestId('card').fill('4242424242424242');
    await page.getByTestId('pay').click();
    await page.waitForURL('**/checkout/confirmation', { timeout: 10_000 });
    await page.waitForTimeout(500);
  });
  // B: at shipping, rage-clicks the express delivery that does nothing, and leaves.
  await shopper(browser, now - 2 * HOUR, async (page, open) => {
    await toCheckout(page, open, 2);
    for (let i = 0; i < 4; i++) await page.getByTestId('express-delivery').click({ delay: 20 });
    await page.waitForTimeout(3000);
  });
  // C: at payment, clicks "Use a saved card", which does nothing, and leaves.
  await shopper(browser, now - 2 * HOUR + 60_000, async (page, open) => {
    await toCheckout(page, open, 1);
    await fillShipping(page);
    await page.getByTestId('saved-card').click();
    await page.waitForTimeout(3000);
  });
  // A support ticket from the shop's CRM, server-side.
  const ticket = { v: 1, site: 'demo', sid: 'crm-ticket-42', pv: 'crm-ticket-42', bid: 'crm-ticket-42', sent: Date.now(), events: [{ id: 'crm-ticket-42.0', t: now - HOUR, k: 'tp', name: 'support-ticket' }] };
  const sent = await fetch(`${url}/v1/events`, { method: 'POST', body: JSON.stringify(ticket), headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' } });
  expect(sent.status).toBe(200);

  const range = `from=${now - 4 * HOUR}&to=${now}`;
  // Delivery is asynchronous (beacons at page hide): wait until all three reached the goal or left.
  await expect.poll(async () => (await read(`funnels/checkout?${range}`)).steps.map((s: { reach: number }) => s.reach), { timeout: 20_000 }).toEqual([3, 3, 2, 1]);
  const funnel = await read(`funnels/checkout?${range}`);
  expect(funnel).toMatchObject({ version: 1, entered: 3, completed: 1 });
  expect(funnel.steps.map((s: { conversion: number | null; dropOff: number | null; abandoned: number }) => [s.conversion, s.dropOff, s.abandoned])).toEqual([
    [1, 0, 0],
    [2 / 3, 1, 1],
    [0.5, 1, 1],
    [null, null, 0],
  ]);
  const atShipping = funnel.steps[1].evidence;
  expect(atShipping.signals).toContainEqual(expect.objectContaining({ kind: 'rage', sel: expect.stringContaining('express-delivery'), n: 1 }));
  expect(atShipping.exitPages).toEqual([{ url: '/checkout/shipping', n: 1 }]);
  const atPayment = funnel.steps[2].evidence;
  expect(atPayment.signals).toEqual([expect.objectContaining({ kind: 'dead', sel: expect.stringContaining('saved-card'), n: 1 })]);
  expect(atPayment.exitPages).toEqual([{ url: '/checkout/payment', n: 1 }]);
  expect(atPayment.lastFields).toEqual([{ sel: expect.stringContaining('postcode'), n: 1 }]);

  // Pain points: three sessions are not enough to rank anything, but every pair carries its numbers.
  const pains = await read(`pain-points?${range}`);
  expect(pains.ranked).toEqual([]);
  expect(pains.meanOrderValue).toBeGreaterThan(0);
  const deadAtPayment = pains.notEnoughData.find((p: { touchpoint: string; kind: string; sel?: string }) => p.touchpoint === 'payment' && p.kind === 'dead' && !p.sel);
  // A = C (did not buy), U = A (bought): (1 − 0) × 1 session, and that many orders' worth of revenue.
  expect(deadAtPayment).toMatchObject({ affected: 1, unaffected: 1, conversionAffected: 0, conversionUnaffected: 1, sessionsLost: 1, revenueLost: pains.meanOrderValue });
  const rageAtShipping = pains.notEnoughData.find((p: { touchpoint: string; kind: string; sel?: string }) => p.touchpoint === 'shipping' && p.kind === 'rage' && !p.sel);
  // A = B, U = A and C (one of two bought): (0.5 − 0) × 1.
  expect(rageAtShipping).toMatchObject({ affected: 1, unaffected: 2, conversionAffected: 0, conversionUnaffected: 0.5, sessionsLost: 0.5 });

  // The journey map: the CRM's ticket under its stage; friction on the buying stage.
  const map = await read(`journey/map?${range}`);
  const stage = (id: string) => map.stages.find((s: { id: string }) => s.id === id);
  expect(stage('support').touchpoints.find((t: { id: string }) => t.id === 'support-ticket')).toMatchObject({ reach: 1 });
  expect(stage('decision')).toMatchObject({ name: 'Buy', sessions: 3 });
  expect(stage('decision').friction).toBeGreaterThan(0);
  expect(stage('decision').touchpoints.find((t: { id: string }) => t.id === 'payment')).toMatchObject({ momentOfTruth: true, reach: 2, conversion: 0.5, meets: { conversion: false } });

  // Comparing periods shows the change: A alone converted; B and C did not.
  const compared = await read(`funnels/checkout?from=${periodTwo.from}&to=${periodTwo.to}&compareFrom=${periodOne.from}&compareTo=${periodOne.to}`);
  expect([compared.entered, compared.completed]).toEqual([2, 0]);
  expect([compared.compare.entered, compared.compare.completed]).toEqual([1, 1]);
});

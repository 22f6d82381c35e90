import type { Page } from '@playwright/test';
import { expect, sdkReady, test } from '../support/fixtures.ts';

// A site we have never seen, built the way React, Vue and Lit sites are (test/fixtures/
// frameworks.html): ids and classes generated anew on every load, portals, a shadow-DOM date
// picker, and the ordinary controls that trackers are known to raise false alarms on. Three
// controls are really broken; nothing else may be reported.

const flush = (page: Page) => page.evaluate(() => (window as unknown as { touchmap: { flush(): Promise<void> } }).touchmap.flush());

/** What a visitor does on the page: every ordinary control, then the three broken ones. */
async function visit(page: Page) {
  await sdkReady(page);
  await page.getByRole('button', { name: 'Options' }).click();
  await page.getByRole('button', { name: 'Options' }).click();
  for (const name of ['Reviews', 'Shipping', 'Details', 'Reviews']) await page.getByRole('tab', { name }).click();
  for (let i = 0; i < 3; i++) await page.locator('summary').click();
  for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Next slide' }).click();
  await page.getByRole('button', { name: 'Previous slide' }).click();
  for (let i = 0; i < 5; i++) await page.getByRole('button', { name: '+' }).click();
  await expect(page.locator('.qty__value')).toHaveText('6');
  await page.getByRole('button', { name: 'Choose a date' }).click();
  await page.getByRole('button', { name: 'February 14' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download report' }).click();
  await download;
  const popup = page.context().waitForEvent('page');
  await page.getByRole('link', { name: 'Size guide' }).click();
  await (await popup).close();
  for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Place order' }).click({ force: true });
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(page.locator('#results li')).toHaveCount(2);
  for (let i = 0; i < 3; i++) await page.locator('th').click();
  // Select a sentence by dragging across it.
  const prose = (await page.locator('[data-role=prose]').boundingBox())!;
  await page.mouse.move(prose.x + 2, prose.y + prose.height / 2);
  await page.mouse.down();
  await page.mouse.move(prose.x + prose.width - 4, prose.y + prose.height / 2, { steps: 8 });
  await page.mouse.up();
    await page.locator('[data-role=editable]').dblclick();
  // The broken ones: a handler that throws, a button wired to nothing, a frozen Pay button.
  await page.getByRole('button', { name: 'Apply coupon' }).click();
  await page.getByRole('button', { name: 'Subscribe' }).click();
  for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Pay now' }).click();
  // Dead-click checks wait 2.5 s for an answer.
  await page.waitForTimeout(2900);
  await flush(page);
}

test('framework-built pages: only the broken controls are reported, each once, on a stable selector', async ({ page, collector }) => {
  await page.goto(`${collector.url}/fixture/frameworks.html`);
  await visit(page);
  await collector.waitFor(() => collector.events('rage').length > 0 && collector.events('errclick').length > 0 && collector.events('disabled').length > 0, 10_000, 'rage, error and disabled clicks');
  await page.waitForTimeout(500);
  const sel = (k: 'rage' | 'dead' | 'errclick' | 'disabled') => collector.events(k).map((e) => ('sel' in e ? e.sel : ''));

  // Rage only on the frozen Pay button: tabs, accordion, carousel, stepper and sorting answer
  // every click; the disabled button gets its own signal.
  expect(collector.events('rage')).toHaveLength(1);
  expect(collector.events('rage')[0]).toMatchObject({ n: 4 });
  // Dead: the button wired to nothing, and the frozen Pay button's first click. Not the download,
  // the new-tab link, the menu in its portal, the clipboard button, the request-driven "Load
  // more", the shadow-DOM date picker, the text selection or the double-click-to-edit.
  expect(sel('dead')).toHaveLength(2);
  expect(sel('errclick')).toHaveLength(1);
  expect(new Set(sel('disabled')).size).toBe(1);
  const pay = sel('rage')[0]!;
  const subscribe = sel('dead').find((s) => s !== pay)!;
  expect(sel('dead')).toContain(pay);
  // Each report points at its own element, and the selector finds exactly that element.
  const resolves = (s: string) =>
    page.evaluate((s) => {
      let scope: Document | ShadowRoot = document;
      let found: Element[] = [];
      for (const part of s.split(' >> ')) {
        found = [...scope.querySelectorAll(part)];
        if (found[0]?.shadowRoot) scope = found[0].shadowRoot;
      }
      return found.length === 1 ? found[0]!.textContent!.trim() : `${found.length} matches`;
    }, s);
  expect(await resolves(pay)).toBe('Pay now');
  expect(await resolves(subscribe)).toBe('Subscribe');
  expect(await resolves(sel('errclick')[0]!)).toBe('Apply coupon');
  expect(await resolves(sel('disabled')[0]!)).toBe('Place order');
  // The date picker's trigger and day are placed inside its shadow root.
  const inShadow = collector.events('click').flatMap((e) => (e.k === 'click' && e.sel.includes(' >> ') ? [e.sel] : []));
  expect(await Promise.all(inShadow.map(resolves))).toEqual(['Choose a date', '14']);
});

test('a dead click decided after the visitor moved to another route stays on the page it happened on', async ({ page, collector }) => {
  await page.goto(`${collector.url}/fixture/frameworks.html`);
  await sdkReady(page);
  await page.getByRole('button', { name: 'Subscribe' }).click();
  // Off to another client-side route before the dead-click check (2.5 s) has decided.
  await page.getByRole('link', { name: 'All reviews' }).click();
  await expect(page).toHaveURL(/\/fixture\/frameworks\/reviews$/);
  await page.waitForTimeout(2900);
  await flush(page);
  await collector.waitFor(() => collector.events('dead').length > 0 && collector.events('pv').length >= 2, 10_000, 'the dead click and both page views');
  const pvs = collector.events('pv');
  const first = pvs.find((e) => e.k === 'pv' && e.url === '/fixture/frameworks.html')!;
  const second = pvs.find((e) => e.k === 'pv' && e.url === '/fixture/frameworks/reviews')!;
  expect(first.pv).not.toBe(second.pv);
  expect(collector.events('dead')).toEqual([expect.objectContaining({ pv: first.pv })]);
  // Every event keeps a distinct id, also on the earlier page view.
  const ids = collector.events().map((e) => e.id);
  expect(new Set(ids).size).toBe(ids.length);
});

test('selectors survive a rebuild: generated ids and classes change, the selectors do not', async ({ page, collector }) => {
  const clicksOf = async (expected?: number) => {
    const before = collector.events('click').length;
    await page.goto(`${collector.url}/fixture/frameworks.html`);
    await visit(page);
    await collector.waitFor(() => collector.events('rage').length > 0, 10_000, 'the rage click at the end of the visit');
    if (expected) await collector.waitFor(() => collector.events('click').length >= before + expected, 10_000, 'as many clicks as the first load');
    const generated = await page.evaluate(() => (window as unknown as { __generated: string[] }).__generated);
    return { sels: collector.events('click').slice(before).map((e) => (e.k === 'click' ? e.sel : '')), generated };
  };
  const first = await clicksOf();
  expect(first.sels.length).toBeGreaterThan(30);
  const second = await clicksOf(first.sels.length);
  expect(second.generated[0]).not.toBe(first.generated[0]);
  expect(second.sels).toEqual(first.sels);
  for (const s of first.sels) for (const token of first.generated) expect(s, `${s} holds the generated "${token}"`).not.toContain(token);
});

test('web components: a click answered inside another component\'s shadow root is not dead', async ({ page, collector }) => {
  await page.goto(`${collector.url}/fixture/web-components.html`);
  await sdkReady(page);
  const button = (name: string) => page.getByRole('button', { name });
  // Each answered only inside a sibling component's shadow root, off the click's path.
  for (let i = 0; i < 3; i++) await button('Add to cart').click();
  await expect(page.locator('cart-badge').first()).toHaveText('Cart (3)');
  await button('Sort by name').click();
  for (let i = 0; i < 2; i++) await button('Filters').click();
  // Components created after the SDK started.
  await button('Show recommendations').click();
  for (let i = 0; i < 3; i++) await button('Save for later').click();
  await expect(page.locator('#rec-badge')).toHaveText('Cart (3)');
  // The real thing, inside a shadow root too.
  for (let i = 0; i < 4; i++) await button('Help').click();
  await page.waitForTimeout(2900);
  await flush(page);
  await collector.waitFor(() => collector.events('dead').length >= 1 && collector.events('rage').length >= 1);
  await page.waitForTimeout(500);
  const sels = (k: 'dead' | 'rage') => collector.events(k).map((e) => (e.k === k ? e.sel : ''));
  expect({ dead: sels('dead'), rage: sels('rage') }).toEqual({ dead: ['shop-app >> tool-bar >> #help'], rage: ['shop-app >> tool-bar >> #help'] });
});

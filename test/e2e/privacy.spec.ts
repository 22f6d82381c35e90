import type { Page } from '@playwright/test';
import { expect, sdkReady, test } from '../support/fixtures.ts';

const SECRET = 'Zebra-Quasar-7731';
const CARD = '4242424242424242';

const everything = (page: Page) =>
  page.evaluate(async () => {
    const out: unknown[] = [{ ...localStorage }, { ...sessionStorage }];
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((res) => {
        const r = indexedDB.open(info.name!);
        r.onsuccess = () => res(r.result);
      });
      for (const store of db.objectStoreNames)
        out.push(
          await new Promise((res) => {
            const r = db.transaction(store).objectStore(store).getAll();
            r.onsuccess = () => res(r.result);
          }),
        );
      db.close();
    }
    return JSON.stringify(out);
  });

test('a secret typed into every field is in no payload and nowhere in storage', async ({ page, collector }) => {
  // Keep everything buffered at first, to inspect IndexedDB while it holds the events.
  collector.fail(...Array.from({ length: 1000 }, () => ({ status: 503, retryAfter: '60' })));
  await page.goto('/product.html?id=1');
  await sdkReady(page);
  await collector.waitFor(() => collector.attempts() > 0, 5000, 'a first, failed delivery');
  await page.getByTestId('add-to-cart').click();
  await page.goto('/cart.html');
  await sdkReady(page);
  for (const field of await page.locator('input:not([type=checkbox]), textarea').all()) await field.pressSequentially(SECRET);
  await page.goto('/checkout/shipping');
  await sdkReady(page);
  for (const id of ['name', 'email', 'address', 'postcode']) await page.getByTestId(id).pressSequentially(SECRET);
  await page.getByTestId('email').fill(`${SECRET}@example.com`);
  await page.getByTestId('to-payment').click();
  await page.goto('/checkout/payment');
  await sdkReady(page);
  await page.getByTestId('card').pressSequentially(CARD);
  await page.getByTestId('expiry').pressSequentially('Qz/Wx');
  await page.getByTestId('cvc').pressSequentially('Kvq');
  await page.getByTestId('card').click();
  await page.waitForTimeout(600);
  const stored = await everything(page);
  expect(stored).toContain('"k":"field"');
  for (const s of [SECRET, CARD, 'Qz/Wx', 'Kvq']) expect(stored).not.toContain(s);

  collector.fail();
  await page.goto('/');
  await sdkReady(page);
  await collector.waitFor(() => collector.events('field').length > 10, 20_000, 'field events');
  const payloads = collector.receipts.map((r) => r.raw).join('\n');
  expect(payloads).toContain('"k":"field"');
  for (const s of [SECRET, CARD, 'Qz/Wx', 'Kvq']) expect(payloads).not.toContain(s);
});

test('a hostile label is captured as an escaped selector that finds its element and runs nothing', async ({ page, collector }) => {
  await page.goto('/product.html?id=1');
  await sdkReady(page);
  await page.evaluate(() => {
    const b = document.createElement('button');
    b.setAttribute('aria-label', '"]<img src=x onerror="window.__pwned=1">');
    b.textContent = 'x';
    document.body.append(b);
  });
  await page.locator('button[aria-label^="\\"]<img"]').click();
  await page.evaluate(() => (window as unknown as { touchmap: { flush(): Promise<void> } }).touchmap.flush());
  await collector.waitFor(() => collector.events('click').length > 0);
  const click = collector.events('click')[0]!;
  if (click.k !== 'click') throw new Error();
  const found = await page.evaluate((sel) => document.querySelector(sel)?.getAttribute('aria-label'), click.sel);
  expect(found).toBe('"]<img src=x onerror="window.__pwned=1">');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

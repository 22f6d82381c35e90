import type { Page } from '@playwright/test';
import { expect, sdkReady, test } from '../support/fixtures.ts';

test.use({ sdkOptions: { requireConsent: true } });

type Api = { touchmap: { consent(g: boolean): void; track(n: string): void; flush(): Promise<void> } };

/** Every record of every IndexedDB database of the origin. */
const idbDump = (page: Page) =>
  page.evaluate(async () => {
    const out: Record<string, unknown[]> = {};
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const r = indexedDB.open(info.name!);
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      for (const store of db.objectStoreNames) {
        out[`${info.name}/${store}`] = await new Promise((res) => {
          const r = db.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => res(r.result);
        });
      }
      db.close();
    }
    return out;
  });

const storageKeys = (page: Page) => page.evaluate(() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)].filter((k) => k.startsWith('touchmap')));

test('with requireConsent, nothing is stored or sent before consent(true)', async ({ page, collector }) => {
  await page.goto('/product.html?id=1');
  await sdkReady(page);
  for (let i = 0; i < 3; i++) await page.getByTestId('qty-plus').click();
  await page.getByTestId('size-guide').click();
  await page.evaluate(() => (window as unknown as Api).touchmap.track('before-consent'));
  await page.evaluate(() => (window as unknown as Api).touchmap.flush());
  await page.waitForTimeout(3000);
  expect(collector.attempts()).toBe(0);
  expect(await idbDump(page)).toEqual({});
  expect(await storageKeys(page)).toEqual([]);
  // A reload before consent stores nothing either.
  await page.reload();
  await sdkReady(page);
  await page.waitForTimeout(800);
  expect(collector.attempts()).toBe(0);
  expect(await idbDump(page)).toEqual({});

  await page.evaluate(() => (window as unknown as Api).touchmap.consent(true));
  await page.getByTestId('qty-plus').click();
  await page.evaluate(() => (window as unknown as Api).touchmap.flush());
  await collector.waitFor(() => collector.events('click').length > 0 && collector.events('pv').length > 0);
  expect(await storageKeys(page)).toContain('touchmap:s:demo');
});

test('consent(false) stops sending and forgets the session', async ({ page, collector }) => {
  await page.goto('/product.html?id=1');
  await sdkReady(page);
  await page.evaluate(() => (window as unknown as Api).touchmap.consent(true));
  await page.evaluate(() => (window as unknown as Api).touchmap.flush());
  await collector.waitFor(() => collector.events('pv').length > 0);
  await page.evaluate(() => (window as unknown as Api).touchmap.consent(false));
  const before = collector.events().length;
  await page.getByTestId('qty-plus').click();
  await page.evaluate(() => (window as unknown as Api).touchmap.track('after-withdrawal'));
  await page.evaluate(() => (window as unknown as Api).touchmap.flush());
  await page.waitForTimeout(1500);
  expect(collector.events().length).toBe(before);
  expect(await storageKeys(page)).toEqual([]);
});

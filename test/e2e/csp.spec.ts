import type { Page } from '@playwright/test';
import { expect, sdkReady, test } from '../support/fixtures.ts';

// A site whose Content-Security-Policy allows scripts by nonce only: the script tag carries the
// nonce, and every script the SDK adds (the web-vitals chunk, the researcher's overlay) must
// carry it too, or the browser blocks it.

const violations = (page: Page) => page.evaluate(() => (window as unknown as { violations: string[] }).violations);
const loaded = (page: Page, file: string) =>
  page.waitForFunction((f) => performance.getEntriesByType('resource').some((r) => r.name.endsWith(f)), file, { timeout: 10_000 });

test('under a nonce-only CSP the lazy chunk and the overlay load, and batches are sent', async ({ page, collector }) => {
  await page.goto(collector.url + '/fixture/csp.html');
  await sdkReady(page);
  await page.locator('#save').click();
  // Blocked scripts are never fetched: a resource entry means the browser allowed it.
  await loaded(page, '/touchmap-vitals.js');
  await page.waitForTimeout(300);
  expect(await violations(page)).toEqual([]);

  // A researcher opens the overlay on this page (the capture server has none to serve: a 404,
  // but a fetched one).
  await page.goto(collector.url + '/fixture/csp.html?touchmap=overlay');
  await loaded(page, '/overlay/touchmap-overlay.js');
  await page.waitForTimeout(300);
  expect(await violations(page)).toEqual([]);

  // The first page's chunk ran: its LCP left with the page.
  await collector.waitFor(() => collector.events('vital').some((e) => e.k === 'vital' && e.name === 'LCP'), 10_000, 'LCP');
  expect(collector.events('pv').map((e) => e.k === 'pv' && e.url)).toEqual(['/fixture/csp.html']);
});

import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { cli, startCollector, stopCollector } from '../../apps/collector/src/spawn.ts';
import { sdkReady, useSdk } from '../support/fixtures.ts';

// SDK → collector end to end: the demo shop in Chromium, a real collector process and DuckDB,
// and the read API answering with the planted friction on top.
let dir = '';
let url = '';
let proc: ChildProcess;
let token = '';

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'touchmap-e2e-'));
  // The demo shop's snippet carries the site key "demo".
  await cli(dir, 'site', 'add', 'demo', '--key', 'demo');
  token = await cli(dir, 'token', 'create', 'demo');
  ({ url, proc } = await startCollector(dir));
});
test.afterAll(async () => {
  await stopCollector(proc);
  rmSync(dir, { recursive: true, force: true });
});

type Row = { sel: string; rage: number; dead: number; errclick: number; sessions: number };
const read = async (path: string) => {
  const r = await fetch(`${url}/v1/sites/demo/${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(r.status).toBe(200);
  return (await r.json()).rows as Row[];
};

test('the planted friction tops the hotspots; ordinary controls are not there', async ({ context, page }) => {
  await useSdk(context, url);
  await page.goto('/product.html?id=1');
  await sdkReady(page);
  for (let i = 0; i < 4; i++) await page.getByTestId('qty-plus').click();
  await page.getByTestId('size-guide').click();
  await page.getByTestId('add-to-cart').click();
  await page.waitForTimeout(2800);
  await page.goto('/cart.html');
  await sdkReady(page);
  await page.getByTestId('gift-wrap').click();
  await page.getByTestId('apply-coupon').click();
  await page.goto('/checkout/payment');
  await sdkReady(page);
  for (let i = 0; i < 5; i++) await page.getByTestId('pay').click();
  await page.waitForTimeout(1500);
  await page.goto('/');
  await sdkReady(page);

  let rows: Row[] = [];
  await expect.poll(async () => (rows = await read('hotspots')).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
  const top = rows.slice(0, 3).map((r) => r.sel);
  expect(top).toEqual(expect.arrayContaining([expect.stringContaining('size-guide'), expect.stringContaining('pay'), expect.stringContaining('apply-coupon')]));
  expect(rows.find((r) => r.sel.includes('size-guide'))).toMatchObject({ dead: 1 });
  expect(rows.find((r) => r.sel.includes('"pay"'))).toMatchObject({ rage: 1 });
  expect(rows.find((r) => r.sel.includes('apply-coupon'))).toMatchObject({ errclick: 1 });
  for (const ordinary of ['qty-plus', 'add-to-cart', 'gift-wrap']) expect(rows.map((r) => r.sel).join(' ')).not.toContain(ordinary);

  // The heatmap of the product page: the dead click on the size guide, and the clicks where they
  // landed (the stepper, clicked four times, on top).
  const heat = (kind: string) => read(`heatmap?url=${encodeURIComponent('/product.html?id=1')}&kind=${kind}`) as unknown as Promise<{ sel: string; n: number }[]>;
  expect((await heat('dead'))[0]).toMatchObject({ sel: expect.stringContaining('size-guide'), n: 1 });
  expect((await heat('click'))[0]).toMatchObject({ sel: expect.stringContaining('qty-plus'), n: 4 });
  expect((await read(`heatmap?url=${encodeURIComponent('/checkout/payment')}&kind=rage`))[0]).toMatchObject({ sel: expect.stringContaining('pay') });

  // Pages are page groups: the query string is not part of a page.
  const pages = (await read('pages')) as unknown as { page: string; sessions: number }[];
  expect(pages.map((p) => p.page)).toEqual(expect.arrayContaining(['/product.html', '/cart.html', '/checkout/payment', '/']));
});

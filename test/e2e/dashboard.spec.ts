import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { startDemoCollector, type DemoCollector } from '../support/demo-collector.ts';
import { simulate } from '../../apps/demo-shop/scripts/simulate/simulate.ts';

// Issue 6's acceptance: a collector with the demo site and its journey, 30 simulated shoppers
// (real Chromium sessions, personas), then the dashboard as a researcher reads it.
test.describe.configure({ mode: 'serial', timeout: 300_000 });
test.use({ actionTimeout: 15_000, navigationTimeout: 15_000 });

let collector: DemoCollector;
let url = '';
let token = '';
const SHOTS = process.env.TOUCHMAP_SCREENSHOTS; // set to write the README's screenshots to docs/

test.beforeAll(async ({ baseURL }) => {
  test.setTimeout(300_000);
  // The site's origin is the shop's: where the dashboard opens the overlay.
  collector = await startDemoCollector('dashboard', { origin: baseURL! });
  ({ url, token } = collector);
  const started = Date.now();
  const summary = await simulate({ shop: baseURL!, endpoint: url, sessions: 30, concurrency: 2, seed: 7 });
  console.log(`simulated 30 sessions in ${Math.round((Date.now() - started) / 1000)} s: ${summary.completed} completed, failed ${summary.failed}`, summary.abandoned, summary.frictions);
  expect(summary.sessions).toBe(30);
  expect(summary.failed).toBe(0);
});
test.afterAll(async () => collector.stop());

const api = (path: string) => collector.read(path);

test('the journey map shows every stage and touchpoint with the API numbers; the top pain point is planted and opens the overlay on its element', async ({ page, baseURL }) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.goto(`${url}/dashboard/`);
  await page.getByLabel('Read token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('site')).toHaveText('demo');
  await page.waitForURL(/[?&]from=\d+/);
  const from = new URL(page.url()).searchParams.get('from')!;
  const to = new URL(page.url()).searchParams.get('to')!;
  // The same range the page asked for, straight from the API.
  const map = await api(`journey/map?from=${from}&to=${to}`);
  expect(map.sessions).toBeGreaterThanOrEqual(30);
  for (const stage of map.stages) {
    const column = page.getByTestId(`stage-${stage.id}`);
    await expect(column).toContainText(stage.name ?? stage.id);
    // The checkout ends in its stage: how many finished it is shown beside "on to next".
    if (stage.progressed != null && stage.progressed !== stage.conversion) await expect(column.getByTestId('progressed')).toContainText(`${Math.round(stage.progressed * 100)}%`);
    for (const t of stage.touchpoints) {
      const card = column.getByTestId(`touchpoint-${t.id}`);
      await expect(card.getByTestId('reach')).toHaveText(String(t.reach));
      await expect(card.getByTestId('friction')).toContainText(String(t.friction));
    }
  }
  expect(map.stages.some((s: { progressed: number | null; conversion: number | null }) => s.progressed != null && s.progressed !== s.conversion), 'a stage the checkout ends in').toBe(true);
  await expect(page.getByTestId('map-sessions')).toContainText(`${map.sessions} sessions`);
  if (SHOTS) await page.screenshot({ path: 'docs/dashboard-map.png', fullPage: true });

  await page.getByRole('link', { name: 'Pain points' }).click();
  const pains = await api(`pain-points?from=${from}&to=${to}`);
  const top = pains.ranked[0] ?? pains.notEnoughData[0];
  expect(top, 'the simulated traffic produces a pain point').toBeTruthy();
  // Planted: the express delivery chip at shipping (rage) or "Use a saved card" at payment (dead).
  const planted = [top.sel, ...top.evidence.elements.map((e: { sel: string }) => e.sel)].join(' ');
  expect(planted).toMatch(/express-delivery|saved-card|size-guide|pay/);
  const first = page.getByTestId('pain-points').locator('li').first();
  await expect(first).toContainText(top.touchpoint);
  await expect(first.getByTestId('lost')).toHaveText(String(top.sessionsLost));
  if (SHOTS) await page.screenshot({ path: 'docs/dashboard-pain-points.png', fullPage: true });

  // Its link opens the overlay on the shop, on the element's page, with the hotspot on the element.
  const link = first.getByTestId('open-overlay');
  const href = (await link.getAttribute('href'))!;
  expect(href.startsWith(baseURL!)).toBe(true);
  const sel = new URL(href).searchParams.get('touchmap-sel')!;
  expect(sel).toBeTruthy();
  const shop = await page.context().newPage();
  await shop.setViewportSize({ width: 1600, height: 900 });
  await shop.addInitScript(
    ([endpoint]) => {
      const w = window as unknown as { touchmap?: ((...a: unknown[]) => void) & { q?: unknown[] } };
      w.touchmap = w.touchmap || Object.assign((...a: unknown[]) => (w.touchmap!.q = w.touchmap!.q || []).push(a), {});
      w.touchmap('init', { endpoint });
    },
    [url],
  );
  // The checkout needs a cart: one item, as the shop keeps it.
  await shop.goto(`${baseURL}/`);
  await shop.evaluate(() => localStorage.setItem('demo-cart', JSON.stringify([{ id: 1, qty: 1 }])));
  await shop.goto(href);
  await shop.locator('touchmap-overlay #tm-token').fill(token);
  await shop.locator('touchmap-overlay').getByRole('button', { name: 'Open overlay' }).click();
  const marker = shop.locator(`touchmap-overlay .marker.focus`);
  await expect(marker).toBeVisible({ timeout: 15_000 });
  expect(await marker.getAttribute('data-sel')).toBe(sel);
  const mb = (await marker.boundingBox())!;
  const eb = (await shop.locator(sel.split(' >> ').join(' ')).first().boundingBox())!;
  expect(mb.x < eb.x + eb.width && eb.x < mb.x + mb.width && mb.y < eb.y + eb.height && eb.y < mb.y + mb.height).toBe(true);
  await shop.close();
});

test('a shared URL reproduces the view; exports give a PNG and a CSV with the right rows', async ({ browser }) => {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(`${url}/dashboard/`);
  await page.getByLabel('Read token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Device').selectOption('desktop');
  await page.getByRole('link', { name: 'Funnels' }).click();
  await expect(page.getByTestId('funnel-steps')).toBeVisible();
  const shared = page.url();
  expect(new URL(shared).searchParams.get('view')).toBe('funnels');
  expect(new URL(shared).searchParams.get('device')).toBe('desktop');
  expect(new URL(shared).searchParams.get('site')).toBe('demo');
  const steps = (await page.getByTestId('funnel-steps').textContent())!;

  // A colleague opens the link (signed in with their own token): the same view.
  const other = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const colleague = await other.newPage();
  await colleague.goto(shared);
  await colleague.getByLabel('Read token').fill(token);
  await colleague.getByRole('button', { name: 'Sign in' }).click();
  await expect(colleague.getByTestId('funnel-steps')).toHaveText(steps);
  await expect(colleague.getByLabel('Device')).toHaveValue('desktop');
  expect(colleague.url()).toBe(shared);
  // A link to another site is said so, not answered with this token's data.
  await colleague.goto(shared.replace('site=demo', 'site=elsewhere'));
  await expect(colleague.getByRole('alert')).toContainText('This link is for the site “elsewhere”');
  await expect(colleague.getByTestId('funnel-steps')).toHaveCount(0);
  await other.close();

  // Exports of the journey map: a PNG, and a CSV with one row per touchpoint.
  await page.getByRole('link', { name: 'Journey map' }).click();
  await expect(page.getByTestId('map-sessions')).toBeVisible();
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
  const pngBytes = readFileSync((await png.path())!);
  expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');
  expect(pngBytes.length).toBeGreaterThan(5000);
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const lines = readFileSync((await file.path())!, 'utf8').trim().split('\r\n');
  const q = new URL(page.url()).searchParams;
  const map = await api(`journey/map?from=${q.get('from')}&to=${q.get('to')}&device=desktop`);
  const touchpoints = map.stages.flatMap((s: { id: string; touchpoints: { id: string; reach: number }[] }) => s.touchpoints.map((t) => [s.id, t.id, t.reach]));
  expect(lines[0]).toBe('stage,stage_name,touchpoint,touchpoint_name,moment_of_truth,reach,conversion,friction,friction_before');
  expect(lines.slice(1).map((l) => l.split(',')).map((c) => [c[0], c[2], Number(c[5])])).toEqual(touchpoints);
  await context.close();
});

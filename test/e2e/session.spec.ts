import type { Page } from '@playwright/test';
import type { CaptureServer } from '../support/capture-server.ts';
import { expect, sdkReady, test } from '../support/fixtures.ts';
import { fillShipping } from '../support/shop.ts';

// A session is a visitor's page views until 30 minutes idle or endSession(): it must carry on
// across page loads and end when it should, whatever the page does meanwhile.

type Api = { touchmap: { track(n: string): void; endSession(): void; flush(): Promise<void> } };
const flush = (page: Page) => page.evaluate(() => (window as unknown as Api).touchmap.flush());
const pvs = (c: CaptureServer) => c.events('pv').flatMap((e) => (e.k === 'pv' ? [e] : []));

async function open(page: Page, path: string) {
  await page.goto(path);
  await sdkReady(page);
  // The session is read and the page view starts one task after the script.
  await page.waitForTimeout(300);
}

test('two page loads within 30 minutes share the session', async ({ page, collector }) => {
  await open(page, '/product.html?id=1');
  await open(page, '/cart.html');
  await page.reload();
  await sdkReady(page);
  await flush(page);
  await collector.waitFor(() => pvs(collector).length >= 3);
  const views = pvs(collector);
  expect(views.map((v) => [v.url, v.nav])).toEqual([['/product.html?id=1', 'navigate'], ['/cart.html', 'navigate'], ['/cart.html', 'reload']]);
  expect(new Set(views.map((v) => v.sid)).size).toBe(1);
  expect(new Set(views.map((v) => v.pv)).size).toBe(3);
  // The visitor's first session: every page view of it says so.
  expect(views.every((v) => v.nv === 1)).toBe(true);
});

test('after 30 minutes idle, the next load starts a new session of a returning visitor', async ({ page, collector }) => {
  const t0 = new Date('2026-11-20T10:00:00Z').getTime();
  await page.clock.install({ time: t0 });
  await open(page, '/product.html?id=1');
  await flush(page);
  await collector.waitFor(() => pvs(collector).length >= 1);
  // 29 minutes later the session is still the same…
  await page.clock.setSystemTime(t0 + 29 * 60_000);
  await open(page, '/product.html?id=2');
  await flush(page);
  await collector.waitFor(() => pvs(collector).length >= 2);
  // …and 30 idle minutes after that it is over. (A few seconds over: each page view is
  // stamped when its page has started, which on a loaded machine is more than a second after
  // the time set.)
  await page.clock.setSystemTime(t0 + 59 * 60_000 + 5000);
  await open(page, '/cart.html');
  await flush(page);
  await collector.waitFor(() => pvs(collector).length >= 3);
  const [first, second, third] = pvs(collector);
  expect(second!.sid).toBe(first!.sid);
  expect(third!.sid).not.toBe(first!.sid);
  expect(third!.t - second!.t).toBeGreaterThanOrEqual(30 * 60_000);
  // nv marks only the visitor's first session.
  expect([first!.nv, second!.nv, third!.nv]).toEqual([1, 1, undefined]);
});

test('an open page idle 30 minutes: its next page view starts a new session, with one pv', async ({ page, collector }) => {
  const t0 = new Date('2026-11-20T10:00:00Z').getTime();
  await page.clock.install({ time: t0 });
  await open(page, '/product.html?id=1');
  await page.getByTestId('qty-plus').click();
  await flush(page);
  await collector.waitFor(() => collector.events('click').length >= 1);
  // Let whatever the click left running (a hover's dwell timer on the button) finish first:
  // an event it emitted after the clock jump would rightly open the new session on the old page.
  await page.mouse.move(1, 1);
  await page.waitForTimeout(1500);
  await flush(page);
  await page.clock.setSystemTime(t0 + 31 * 60_000);
  // A SPA route change after the idle half hour.
  await page.evaluate(() => history.pushState(null, '', '/reviews?id=1'));
  await page.waitForTimeout(300);
  await page.getByTestId('qty-plus').click();
  await flush(page);
  await collector.waitFor(() => collector.events('click').length >= 2);
  const views = pvs(collector);
  const [before, after] = [views[0]!, views.slice(1)];
  // One page view for the route, in a new session, named as the SPA navigation it was.
  expect(after, JSON.stringify(views)).toHaveLength(1);
  expect(after[0]).toMatchObject({ nav: 'spa', url: '/reviews?id=1' });
  expect(after[0]!.sid).not.toBe(before.sid);
  expect(after[0]!.nv).toBeUndefined();
  const clicks = collector.events('click');
  expect(clicks.map((c) => c.sid)).toEqual([before.sid, after[0]!.sid]);
  expect(clicks[1]!.pv).toBe(after[0]!.pv);
});

test('endSession() sends an end event; the next events belong to a new session', async ({ page, collector }) => {
  await open(page, '/product.html?id=1');
  await page.evaluate(() => {
    const t = (window as unknown as Api).touchmap;
    t.track('before');
    t.endSession();
    t.track('after');
  });
  await page.getByTestId('qty-plus').click();
  await flush(page);
  await collector.waitFor(() => collector.events('end').length > 0 && collector.events('click').length > 0);
  const named = (n: string) => collector.events('track').find((e) => e.k === 'track' && e.name === n)!;
  const end = collector.events('end')[0]!;
  const [firstPv, secondPv] = pvs(collector);
  expect(end.sid).toBe(firstPv!.sid);
  expect(named('before').sid).toBe(firstPv!.sid);
  expect(secondPv!.sid).not.toBe(firstPv!.sid);
  expect(named('after').sid).toBe(secondPv!.sid);
  expect(named('after').pv).toBe(secondPv!.pv);
  expect(collector.events('click')[0]!.sid).toBe(secondPv!.sid);
  // The end is the last event of the old session.
  const old = collector.events().filter((e) => e.sid === firstPv!.sid);
  expect(old.at(-1)!.k).toBe('end');
  // The same visitor, back: not a new visitor any more.
  expect(secondPv!.nv).toBeUndefined();
  // A reload carries on with the new session, not the ended one.
  await page.reload();
  await sdkReady(page);
  await flush(page);
  await collector.waitFor(() => pvs(collector).length >= 3);
  expect(pvs(collector)[2]!.sid).toBe(secondPv!.sid);
});

test('a reload in the middle of a funnel keeps the session: funnel progress is continuous', async ({ page, collector }) => {
  await open(page, '/product.html?id=1');
  await page.getByTestId('add-to-cart').click();
  await open(page, '/cart.html');
  await page.getByTestId('checkout').click();
  await page.waitForURL('**/checkout/shipping');
  await sdkReady(page);
  await page.getByTestId('name').fill('Ada');
  await page.waitForTimeout(500);
  await page.reload();
  await sdkReady(page);
  await fillShipping(page);
  await page.waitForTimeout(500);
  await flush(page);
  await collector.waitFor(() => collector.events('step').length >= 4);
  const steps = collector.events('step').flatMap((e) => (e.k === 'step' ? [`${e.f}:${e.s}`] : []));
  expect(steps).toEqual(['checkout:cart', 'checkout:shipping', 'checkout:shipping', 'checkout:payment']);
  expect(new Set(collector.events().map((e) => e.sid)).size).toBe(1);
  expect(pvs(collector).find((v) => v.nav === 'reload')).toMatchObject({ url: '/checkout/shipping' });
});

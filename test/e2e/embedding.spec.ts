import { expect, sdkReady, test, useSdk } from '../support/fixtures.ts';
import { startCaptureServer } from '../support/capture-server.ts';

type Api = { touchmap: ((...a: unknown[]) => void) & { flush(): Promise<void>; track(n: string): void } };

test('calls made before the script loads are queued and replayed', async ({ page, context, collector }) => {
  await context.addInitScript(() => (window as unknown as Api).touchmap('track', 'queued-before-load'));
  await page.goto('/care.html');
  await sdkReady(page);
  // After load the global is the API, callable both ways.
  await page.evaluate(() => {
    (window as unknown as Api).touchmap('track', 'called-as-function');
    (window as unknown as Api).touchmap.track('called-as-method');
    return (window as unknown as Api).touchmap.flush();
  });
  await collector.waitFor(() => collector.events('track').length >= 3);
  expect(collector.events('track').map((e) => (e.k === 'track' ? e.name : ''))).toEqual(['queued-before-load', 'called-as-function', 'called-as-method']);
});

test('a second copy of the script tag warns and does nothing', async ({ page, collector }) => {
  const warnings: string[] = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await page.goto('/care.html');
  await sdkReady(page);
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        const s = document.createElement('script');
        s.src = '/touchmap.js';
        s.dataset.site = 'demo';
        s.dataset.endpoint = 'http://127.0.0.1:1';
        s.onload = () => resolve(null);
        document.head.append(s);
      }),
  );
  await page.evaluate(() => (window as unknown as Api).touchmap.track('once'));
  await page.evaluate(() => (window as unknown as Api).touchmap.flush());
  await collector.waitFor(() => collector.events('track').length > 0);
  await page.waitForTimeout(500);
  expect(warnings.some((w) => w.includes('included twice'))).toBe(true);
  expect(collector.events('pv')).toHaveLength(1);
  expect(collector.events('track')).toHaveLength(1);
});

test('button and link text is truncated with digits and e-mail addresses masked', async ({ page, collector }) => {
  await page.goto('/care.html');
  await sdkReady(page);
  await page.evaluate(() => {
    const b = document.createElement('button');
    b.textContent = 'Send receipt to ada@example.com for order 12345 now, and a very long tail to truncate here';
    document.body.append(b);
  });
  await page.getByRole('button', { name: /Send receipt/ }).click();
  await page.evaluate(() => (window as unknown as Api).touchmap.flush());
  await collector.waitFor(() => collector.events('click').length > 0);
  const click = collector.events('click')[0]!;
  if (click.k !== 'click') throw new Error();
  expect(click.tx).toMatch(/^Send receipt to \*@\* for order 00000 now/);
  expect(click.tx!.length).toBe(64);
  // The text itself, not any "12345": timestamps and random ids may contain those digits.
  for (const r of collector.receipts) expect(r.raw).not.toMatch(/ada@example|order 12345/);
});

for (const [signal, script] of [
  ['Global Privacy Control', () => Object.defineProperty(navigator, 'globalPrivacyControl', { value: true })],
  ['Do Not Track', () => Object.defineProperty(navigator, 'doNotTrack', { value: '1' })],
] as const) {
  test(`respectDoNotTrack honours ${signal}: nothing stored, nothing sent`, async ({ browser }) => {
    const c = await startCaptureServer();
    const context = await browser.newContext();
    await context.addInitScript(script);
    await useSdk(context, c.url, { respectDoNotTrack: true });
    const page = await context.newPage();
    await page.goto('/product.html?id=1');
    await sdkReady(page);
    await page.getByTestId('size-guide').click();
    await page.waitForTimeout(1500);
    expect(c.attempts()).toBe(0);
    expect(await page.evaluate(() => indexedDB.databases())).toEqual([]);
    await context.close();
    await c.close();
  });
}

test('a session outside the sample sends nothing', async ({ browser }) => {
  const c = await startCaptureServer();
  const context = await browser.newContext();
  await useSdk(context, c.url, { sampleRate: 0 });
  const page = await context.newPage();
  await page.goto('/product.html?id=1');
  await sdkReady(page);
  await page.getByTestId('qty-plus').click();
  await page.waitForTimeout(1500);
  expect(c.attempts()).toBe(0);
  await context.close();
  await c.close();
});

// The tracker starts in a few short tasks after the script runs (packages/sdk/src/tracker.ts).
// A page that shuts it down before then — here in the very task the script ran — loses
// nothing: the start-up runs at once, and what was queued is delivered.
test('shutdown before the tracker has started still delivers the page view and what was queued', async ({ page, context, collector }) => {
  await context.addInitScript(() => {
    // The fixture's stub (with its queued init) is there already: kept, then the script's API.
    let api = (window as unknown as Partial<Api>).touchmap;
    Object.defineProperty(window, 'touchmap', {
      configurable: true,
      get: () => api,
      set(v: Api['touchmap'] & { _loaded?: 1; shutdown(): Promise<void> }) {
        api = v;
        if (v._loaded) {
          v.track('before-start');
          // Once the script's task has called init, before the tracker's first timer.
          queueMicrotask(() => void v.shutdown());
        }
      },
    });
  });
  await page.goto('/care.html');
  await collector.waitFor(() => collector.events('track').length > 0 && collector.events('pv').length > 0);
  expect(collector.events('track').map((e) => (e.k === 'track' ? e.name : ''))).toEqual(['before-start']);
  expect(collector.events('pv')).toHaveLength(1);
  // And, shut down, it records nothing more.
  await page.mouse.click(10, 10);
  await page.waitForTimeout(500);
  expect(collector.events('click')).toHaveLength(0);
});

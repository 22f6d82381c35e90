import { expect, sdkReady, test } from '../support/fixtures.ts';

// Ordinary controls of sites we have never seen — shadow DOM, custom toggles, menus, native
// pickers, double-click-to-edit, dialogs, text selection — must raise no false alarm; the two
// controls that really do nothing must.

test('only the controls that do nothing are dead; fast clicks that are answered are not rage', async ({ page, collector }) => {
  // Served by the capture server (test/fixtures/controls.html), next to the SDK build.
  await page.goto(`${collector.url}/fixture/controls.html`);
  await sdkReady(page);
  const counter = page.locator('x-counter button');
  for (let i = 0; i < 6; i++) await counter.click();
  await expect(page.locator('x-counter output')).toHaveText('6');
  for (let i = 0; i < 4; i++) await page.getByTestId('custom-toggle').click();
  await page.getByTestId('native-toggle').click();
  await page.getByTestId('menu').click();
  await page.getByTestId('date').click();
  await page.getByTestId('select').click();
  await page.keyboard.press('Escape');
  await page.getByTestId('range').click();
  await page.getByTestId('edit-cell').dblclick();
  await page.getByTestId('open-modal').click();
  await page.getByTestId('modal-backdrop').click({ position: { x: 5, y: 5 } });
  await page.getByTestId('copy-text').click({ clickCount: 2 });
  await page.getByTestId('copy-text').click({ clickCount: 3 });
  await page.getByTestId('aria-disabled').click({ force: true });
  // The two that do nothing.
  await page.locator('x-broken button').click();
  await page.getByTestId('hash-link').click();
  await page.waitForTimeout(2900);
  await page.evaluate(() => (window as unknown as { touchmap: { flush(): Promise<void> } }).touchmap.flush());
  await page.waitForTimeout(1000);
  await collector.waitFor(() => collector.events('dead').length >= 2 && collector.events('disabled').length >= 1);
  await page.waitForTimeout(300);
  const dead = collector.events('dead').map((e) => (e.k === 'dead' ? e.sel : ''));
  expect(dead.sort()).toEqual([expect.stringContaining('hash-link'), '#broken >> button'].sort());
  expect(collector.events('disabled').map((e) => (e.k === 'disabled' ? e.sel : ''))).toEqual([expect.stringContaining('aria-disabled')]);
  expect(collector.events('rage')).toEqual([]);
  // The shadow-DOM click is placed on the element inside the shadow root.
  const inShadow = collector.events('click').find((e) => e.k === 'click' && e.sel.startsWith('#counter >> '));
  expect(inShadow).toBeTruthy();
});

test('a site silences one signal on an element, or every signal on a subtree', async ({ page, collector }) => {
  await page.goto(`${collector.url}/fixture/controls.html`);
  await sdkReady(page);
  // Three buttons wired to nothing, each clicked fast: each would be dead, and rage.
  for (const id of ['quiet-dead', 'quiet-rage', 'ignored']) {
    for (let i = 0; i < 4; i++) await page.getByTestId(id).click();
    await page.waitForTimeout(1200);
  }
  await page.waitForTimeout(2000);
  await page.evaluate(() => (window as unknown as { touchmap: { flush(): Promise<void> } }).touchmap.flush());
  await collector.waitFor(() => collector.events('rage').length >= 1 && collector.events('dead').length >= 1);
  await page.waitForTimeout(500);
  const sels = (k: 'dead' | 'rage' | 'click') => collector.events(k).map((e) => ('sel' in e && e.sel) || '');
  // Rage is silenced on one, dead on the other; the third is not recorded at all.
  expect(sels('dead')).toEqual([expect.stringContaining('quiet-rage')]);
  expect(sels('rage')).toEqual([expect.stringContaining('quiet-dead')]);
  expect(sels('click').filter((s) => s.includes('ignored'))).toEqual([]);
  expect(sels('click').filter((s) => s.includes('quiet-dead'))).toHaveLength(4);
});

test("the current item of a set clicked again is not dead; a lone button styled active that does nothing is", async ({ page, collector }) => {
  await page.goto(`${collector.url}/fixture/controls.html`);
  await sdkReady(page);
  await page.getByTestId('dot-current').click();
  await page.getByTestId('lone-active').click();
  await page.waitForTimeout(2900);
  await page.evaluate(() => (window as unknown as { touchmap: { flush(): Promise<void> } }).touchmap.flush());
  await collector.waitFor(() => collector.events('dead').length >= 1);
  await page.waitForTimeout(500);
  expect(collector.events('dead').map((e) => ('sel' in e && e.sel) || '')).toEqual([expect.stringContaining('lone-active')]);
});

import type { Page } from '@playwright/test';
import { expect, sdkReady, test } from '../support/fixtures.ts';

// Every document listener costs a browser-to-JS call on every event of its type. The release of
// a press and the blur of a focus are needed only after a press on a disabled control and after
// a field's focus: the SDK listens to them then, once, and not for every button a visitor clicks.

/** The document's listeners of `type`, as DevTools lists them. */
async function documentListeners(page: Page, type: string): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  const { result } = await cdp.send('Runtime.evaluate', { expression: 'document' });
  const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
  await cdp.detach();
  return listeners.filter((l) => l.type === type).length;
}

test('pointerup and focusout are listened to only while a disabled press or a field focus needs them', async ({ page, collector }) => {
  await page.goto(`${collector.url}/fixture/controls.html`);
  await sdkReady(page);
  const ups = await documentListeners(page, 'pointerup');
  const outs = await documentListeners(page, 'focusout');

  // An ordinary button, pressed and released: no pointerup listener at any point.
  const menu = await page.getByTestId('menu').boundingBox();
  await page.mouse.move(menu!.x + 5, menu!.y + 5);
  await page.mouse.down();
  expect(await documentListeners(page, 'pointerup')).toBe(ups);
  await page.mouse.up();

  // A disabled control: listened to from the press until the release, which is reported.
  const off = await page.getByTestId('aria-disabled').boundingBox();
  await page.mouse.move(off!.x + 5, off!.y + 5);
  await page.mouse.down();
  expect(await documentListeners(page, 'pointerup')).toBe(ups + 1);
  await page.mouse.up();
  expect(await documentListeners(page, 'pointerup')).toBe(ups);

  // A field: focusout is listened to while it has focus, and its blur is reported.
  expect(await documentListeners(page, 'focusout')).toBe(outs);
  await page.getByTestId('select').focus();
  expect(await documentListeners(page, 'focusout')).toBe(outs + 1);
  await page.getByTestId('menu').focus();
  expect(await documentListeners(page, 'focusout')).toBe(outs);

  await collector.waitFor(() => collector.events('disabled').length > 0 && collector.events('field').some((e) => e.k === 'field' && e.a === 'blur'));
  expect(collector.events('disabled')).toEqual([expect.objectContaining({ sel: expect.stringContaining('aria-disabled') })]);
  const field = collector.events('field').map((e) => (e.k === 'field' ? [e.a, e.sel] : []));
  expect(field).toEqual([
    ['focus', expect.stringContaining('select')],
    ['blur', expect.stringContaining('select')],
  ]);
});

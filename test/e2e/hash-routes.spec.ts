import type { Page } from '@playwright/test';
import { expect, sdkReady, test } from '../support/fixtures.ts';

// An app routed by hash (#/articles): each route is a page view of its own, named by its route;
// an ordinary anchor (#top) is not.

type Api = { touchmap: { flush(): Promise<void> } };
const flush = (page: Page) => page.evaluate(() => (window as unknown as Api).touchmap.flush());

test('hash routes are page views (links, script, back); an anchor is not', async ({ page, collector }) => {
  const base = '/fixture/hash-router.html';
  await page.goto(`${collector.url}${base}?src=mail`);
  await sdkReady(page);
  await page.waitForTimeout(300);
  await page.locator('#to-top').click();
  await page.locator('#to-articles').click();
  await page.locator('#helpful').click();
  await page.locator('#to-article').click();
  // A router navigating by script, then the visitor going back.
  await page.evaluate(() => history.pushState(null, '', '#/articles/13'));
  await page.goBack();
  // The router's empty route is its home: the page itself, named without a route.
  await page.evaluate(() => (location.hash = '#/'));
  await page.waitForTimeout(200);
  await flush(page);
  await collector.waitFor(() => collector.events('pv').length >= 6);
  await page.waitForTimeout(300);
  const views = collector.events('pv').flatMap((e) => (e.k === 'pv' ? [[e.url, e.nav]] : []));
  expect(views).toEqual([
    [`${base}?src=mail`, 'navigate'],
    [`${base}?src=mail#/articles`, 'spa'],
    [`${base}?src=mail#!/articles/12`, 'spa'],
    [`${base}?src=mail#/articles/13`, 'spa'],
    [`${base}?src=mail#!/articles/12`, 'spa'],
    [`${base}?src=mail`, 'spa'],
  ]);
  // The click on the articles route belongs to that route's page view.
  const pvOf = (url: string) => collector.events('pv').find((e) => e.k === 'pv' && e.url === url)!.pv;
  expect(collector.events('click').find((e) => e.k === 'click' && e.sel === '#helpful')!.pv).toBe(pvOf(`${base}?src=mail#/articles`));
});

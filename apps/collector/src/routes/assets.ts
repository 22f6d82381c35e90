import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { fail, type Env } from '../http.ts';

/** Where the overlay's and the dashboard's builds live, found through their workspace packages. */
const overlayDist = () => dirname(fileURLToPath(import.meta.resolve('@touchmap/overlay/touchmap-overlay.js')));
const dashboardDist = () => dirname(fileURLToPath(import.meta.resolve('@touchmap/dashboard/dist')));

const FILES: Record<string, string> = {
  'touchmap-overlay.js': 'text/javascript; charset=utf-8',
  'touchmap-overlay.js.map': 'application/json; charset=utf-8',
};

/**
 * The overlay script and the dashboard. The overlay script, served by the collector so a site never hosts it and its visitors never
 * download it: the SDK injects `{endpoint}/overlay/touchmap-overlay.js` only when a researcher
 * opens the overlay. A fixed list of files (no path from the request reaches the file system),
 * revalidated on every load so a new build is picked up.
 */
export function assetRoutes(app: Hono<Env>, dist = overlayDist(), dashboard = dashboardDist()) {
  app.get('/overlay/:file', async (c) => {
    const name = c.req.param('file');
    const type = FILES[name];
    if (!type) return fail(c, 404, `no overlay file ${name}`);
    try {
      const body = await readFile(join(dist, name));
      return c.body(body, 200, { 'content-type': type, 'cache-control': 'no-cache', 'access-control-allow-origin': '*' });
    } catch {
      return fail(c, 404, `${name} is not built yet: run pnpm build`);
    }
  });

  // The dashboard: a static build at /dashboard/ (its assets), index.html for every other path
  // under it (the view is in the query string, so a shared link is just that page).
  app.get('/', (c) => c.redirect('/dashboard/'));
  app.get('/dashboard', (c) => c.redirect('/dashboard/'));
  app.use('/dashboard/assets/*', serveStatic({ root: dashboard, rewriteRequestPath: (p) => p.replace(/^\/dashboard/, '') }));
  app.get('/dashboard/*', async (c) => {
    try {
      return c.html(await readFile(join(dashboard, 'index.html'), 'utf8'), 200, { 'cache-control': 'no-cache' });
    } catch {
      return fail(c, 404, 'the dashboard is not built yet: run pnpm build');
    }
  });
}

import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { fail, type Env } from '../http.ts';

/** Where the overlay's build lives (packages/overlay/dist), found through the workspace package. */
const overlayDist = () => dirname(fileURLToPath(import.meta.resolve('@touchmap/overlay/touchmap-overlay.js')));

const FILES: Record<string, string> = {
  'touchmap-overlay.js': 'text/javascript; charset=utf-8',
  'touchmap-overlay.js.map': 'application/json; charset=utf-8',
};

/**
 * The overlay script, served by the collector so a site never hosts it and its visitors never
 * download it: the SDK injects `{endpoint}/overlay/touchmap-overlay.js` only when a researcher
 * opens the overlay. A fixed list of files (no path from the request reaches the file system),
 * revalidated on every load so a new build is picked up.
 */
export function assetRoutes(app: Hono<Env>, dist = overlayDist()) {
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
}

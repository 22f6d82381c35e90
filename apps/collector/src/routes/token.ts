import type { Hono } from 'hono';
import { bearer, fail, type Env } from '../http.ts';
import { tokenRole, type Store } from '../store/store.ts';

/**
 * `GET /v1/token`: which site a read token reads, whether it may edit the journey, and the
 * site's origins (where the dashboard opens the overlay). The overlay and the dashboard ask for
 * a token only, and learn the rest here.
 */
export function tokenRoutes(app: Hono<Env>, store: Store) {
  app.get('/v1/token', async (c) => {
    const token = bearer(c);
    const site = token ? await store.siteByToken(token) : undefined;
    if (!token || !site) return fail(c, 401, 'a valid read token is required (Authorization: Bearer …)');
    c.set('site', site.name);
    return c.json({ site: site.name, role: tokenRole(token), origins: site.origins });
  });
}

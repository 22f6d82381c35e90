import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Hono } from 'hono';
import * as v from 'valibot';
import { bearer, fail, issueText, type Env } from '../http.ts';
import type { Store } from '../store/store.ts';

export const NewSite = v.strictObject({
  name: v.pipe(v.string(), v.regex(/^[\w.-]{1,64}$/, 'letters, digits, _ . - only, at most 64')),
  key: v.optional(v.pipe(v.string(), v.regex(/^[\w.-]{4,64}$/, 'letters, digits, _ . - only, 4 to 64'))),
  origins: v.optional(v.array(v.pipe(v.string(), v.url(), v.check((o) => new URL(o).origin === o, 'must be an origin: scheme://host[:port], no path'))), []),
});

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Site administration while the collector runs (DuckDB lets one process hold the database, so
 * the CLI asks the running server instead of opening the file). Authenticated by the admin
 * token the server keeps in its data directory, readable only by its owner.
 */
export function adminRoutes(app: Hono<Env>, store: Store, adminToken: string, newKey: () => string) {
  const expected = digest(adminToken);
  app.use('/v1/admin/*', async (c, next) => {
    const given = bearer(c);
    if (!given || !timingSafeEqual(digest(given), expected)) return fail(c, 401, 'the admin token is required (Authorization: Bearer …, from <data>/admin.token)');
    await next();
  });
  const knownSite = async (c: Context<Env>) => {
    const name = c.req.param('site')!;
    return (await store.siteByName(name)) ? name : undefined;
  };

  app.get('/v1/admin/sites', async (c) => c.json({ sites: (await store.listSites()).map(({ name, key, origins }) => ({ name, key, origins })) }));
  app.post('/v1/admin/sites', async (c) => {
    const body = v.safeParse(NewSite, await c.req.json().catch(() => undefined));
    if (!body.success) return fail(c, 400, issueText(body.issues, 'body'));
    if (await store.siteByName(body.output.name)) return fail(c, 409, `a site named ${body.output.name} exists already`);
    const site = await store.addSite({ name: body.output.name, key: body.output.key ?? newKey(), origins: body.output.origins });
    return c.json({ site: site.name, key: site.key, origins: site.origins }, 201);
  });
  // What a site holds, and erasing it: every trace, for good (the CLI's `site erase`).
  app.get('/v1/admin/sites/:site', async (c) => {
    const site = await store.siteByName(c.req.param('site'));
    if (!site) return fail(c, 404, `no site named ${c.req.param('site')}`);
    return c.json({ site: site.name, key: site.key, origins: site.origins, data: await store.siteData(site.name) });
  });
  app.delete('/v1/admin/sites/:site', async (c) => {
    const name = await knownSite(c);
    return name ? c.json({ site: name, erased: await store.eraseSite(name) }) : fail(c, 404, `no site named ${c.req.param('site')}`);
  });
  app.post('/v1/admin/sites/:site/tokens', async (c) => {
    const name = await knownSite(c);
    // `{"role": "edit"}`: a token that may also change the journey (tagging from the overlay).
    const role = ((await c.req.json().catch(() => ({}))) as { role?: unknown }).role === 'edit' ? 'edit' : 'read';
    return name ? c.json({ token: await store.createToken(name, role) }, 201) : fail(c, 404, `no site named ${c.req.param('site')}`);
  });
  app.post('/v1/admin/sites/:site/secrets', async (c) => {
    const name = await knownSite(c);
    return name ? c.json({ secret: await store.createSecret(name) }, 201) : fail(c, 404, `no site named ${c.req.param('site')}`);
  });
  app.get('/v1/admin/events/count', async (c) => {
    const site = c.req.query('site');
    if (site !== undefined && !(await store.siteByName(site))) return fail(c, 404, `no site named ${site}`);
    return c.json({ count: await store.countEvents(site) });
  });
}

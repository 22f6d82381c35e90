import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { Logger } from 'pino';
import { randomBytes } from 'node:crypto';
import type { Env } from './http.ts';
import { openApi } from './openapi.ts';
import { adminRoutes } from './routes/admin.ts';
import { assetRoutes } from './routes/assets.ts';
import { tokenRoutes } from './routes/token.ts';
import { ingestRoutes } from './routes/ingest.ts';
import { journeyQueryRoutes, journeyRoutes } from './routes/journey.ts';
import { readRoutes } from './routes/read.ts';
import { StoreUnavailable, type Store } from './store/store.ts';

export { MAX_BODY } from './routes/ingest.ts';

export interface AppOptions {
  log: Logger;
  /** Batches a second per site. */
  ratePerSecond?: number;
  /** Enables the admin API (`/v1/admin/*`) for this token. */
  adminToken?: string;
  /** Store batches from bots too (the `bots: keep` setting). */
  keepBots?: boolean;
}

/** A site key: public, random, URL-safe. */
export const newSiteKey = () => randomBytes(12).toString('base64url');

/** The collector's HTTP API: ingest, reads, admin, the OpenAPI document and a health check. */
export function createApp(store: Store, { log, ratePerSecond = 1000, adminToken, keepBots = false }: AppOptions) {
  const app = new Hono<Env>();

  // One structured line per request: what, for which site, the answer and how long it took.
  // Ingest successes are the bulk of traffic: logged at debug, everything else at info.
  app.use(async (c, next) => {
    const start = performance.now();
    await next();
    const status = c.res.status;
    const ingest = c.req.path === '/v1/batch' || c.req.path === '/v1/events';
    const level = status >= 500 ? 'error' : ingest && status < 400 ? 'debug' : 'info';
    if (!log.isLevelEnabled(level)) return;
    log[level]({ method: c.req.method, path: c.req.path, status, ms: Math.round((performance.now() - start) * 10) / 10, site: c.get('site') }, 'request');
  });
  app.onError((e, c) => {
    // The store is down (a ClickHouse outage): nothing is wrong with the request, ask again later.
    if (e instanceof StoreUnavailable) {
      log.error({ method: c.req.method, path: c.req.path, err: e }, 'store unavailable');
      return c.json({ error: 'storage unavailable, retry later' }, 503, { 'retry-after': '5' });
    }
    log.error({ method: c.req.method, path: c.req.path, err: e }, 'unhandled');
    return c.json({ error: 'internal error' }, 500);
  });

  // The overlay runs on the site's own origin and reads with a bearer token, never a cookie: a
  // page that does not hold a token can read nothing, so any origin may ask.
  const api = cors({ origin: '*', allowHeaders: ['authorization', 'content-type'], allowMethods: ['GET', 'POST', 'PUT'], maxAge: 600 });
  app.use('/v1/sites/*', api);
  app.use('/v1/token', api);

  app.get('/healthz', (c) => c.json({ ok: true }));
  const spec = openApi();
  app.get('/v1/openapi.json', (c) => c.json(spec));
  ingestRoutes(app, store, log, ratePerSecond, keepBots);
  readRoutes(app, store);
  tokenRoutes(app, store);
  assetRoutes(app);
  journeyRoutes(app, store, adminToken);
  journeyQueryRoutes(app, store);
  if (adminToken) adminRoutes(app, store, adminToken, newSiteKey);
  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}` }, 404));
  return app;
}

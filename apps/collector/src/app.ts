import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import * as v from 'valibot';
import { Batch } from '@touchmap/protocol';
import { openApi } from './openapi.ts';
import { createRateLimit } from './rate-limit.ts';
import type { Site, Store } from './store/store.ts';

/** Largest body accepted: a batch is at most 60 KB (LIMITS.batchBytes); this leaves headroom. */
export const MAX_BODY = 1 << 20;
/** Event times accepted relative to arrival: a visitor's clock may be off, not by months. */
const MAX_PAST_MS = 30 * 86_400_000;
const MAX_FUTURE_MS = 86_400_000;

/** A query parameter an endpoint refuses (answered 400 with its message). */
class BadQuery extends Error {}

/** Longest time range one read query may span, and most rows one page may hold. */
const MAX_RANGE_MS = 366 * 86_400_000;
const MAX_ROWS = 1000;

const int = (min: number, max: number) => v.pipe(v.string(), v.regex(/^\d+$/, 'must be a whole number'), v.transform(Number), v.number(), v.minValue(min), v.maxValue(max));
/** Query parameters of every read endpoint: time range (epoch ms), page size and offset. */
const ReadQuery = v.object({
  from: v.optional(int(0, 8.64e15)),
  to: v.optional(int(0, 8.64e15)),
  limit: v.optional(int(1, MAX_ROWS), '100'),
  offset: v.optional(int(0, 1_000_000), '0'),
  url: v.optional(v.pipe(v.string(), v.maxLength(1024))),
});
const HeatmapQuery = v.object({
  url: v.pipe(v.string(), v.minLength(1), v.maxLength(1024)),
  kind: v.optional(v.picklist(['click', 'rage', 'dead', 'errclick', 'disabled']), 'click'),
  bins: v.optional(int(2, 50), '10'),
});

const fail = (c: Context, status: 400 | 401 | 403 | 413 | 429 | 503, error: string, headers: Record<string, string> = {}) => {
  for (const [k, val] of Object.entries(headers)) c.header(k, val);
  return c.json({ error }, status);
};

/**
 * The collector's HTTP API. Ingest answers 2xx only after the store has made the events
 * durable; every refusal is a JSON `{ error }` saying why.
 */
export function createApp(store: Store, { ratePerSecond = 1000 }: { ratePerSecond?: number } = {}) {
  const app = new Hono();
  const limit = createRateLimit(ratePerSecond);

  // Browsers send batches cross-origin. text/plain needs no preflight; an application/json
  // sender or a public page calling a private-network collector (Chromium's Local Network
  // Access) does, so the preflight answers both.
  app.use('/v1/batch', async (c, next) => {
    c.header('access-control-allow-origin', c.req.header('origin') ?? '*');
    c.header('access-control-expose-headers', 'retry-after');
    c.header('vary', 'origin');
    await next();
  });
  app.options('/v1/batch', (c) => {
    c.header('access-control-allow-methods', 'POST, OPTIONS');
    c.header('access-control-allow-headers', 'content-type');
    c.header('access-control-allow-private-network', 'true');
    c.header('access-control-max-age', '86400');
    return c.body(null, 204);
  });

  app.get('/healthz', (c) => c.json({ ok: true }));
  const spec = openApi(ReadQuery, HeatmapQuery);
  app.get('/v1/openapi.json', (c) => c.json(spec));

  /** Decodes and validates a batch body; a Response when it is refused. */
  const parseBatch = async (c: Context, receivedAt: number): Promise<Batch | Response> => {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(await c.req.arrayBuffer());
    } catch {
      return fail(c, 400, 'body is not valid UTF-8');
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return fail(c, 400, 'body is not valid JSON');
    }
    const parsed = v.safeParse(Batch, json);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      return fail(c, 400, `${v.getDotPath(issue) ?? 'batch'}: ${issue.message}`);
    }
    const bad = parsed.output.events.findIndex((e) => e.t < receivedAt - MAX_PAST_MS || e.t > receivedAt + MAX_FUTURE_MS);
    if (bad >= 0) return fail(c, 400, `events.${bad}.t: more than 30 days in the past or 1 day in the future`);
    return parsed.output;
  };
  const store503 = (c: Context, site: Site, batch: Batch, e: unknown) => {
    // Not durable, not acknowledged: the sender keeps the batch and retries.
    console.error(JSON.stringify({ level: 'error', msg: 'ingest failed', site: site.name, bid: batch.bid, error: String(e) }));
    return fail(c, 503, 'storage unavailable, retry later', { 'retry-after': '5' });
  };
  const sizeLimit = bodyLimit({ maxSize: MAX_BODY, onError: (c) => fail(c, 413, `body over ${MAX_BODY} bytes`) });

  /**
   * Server-side events (off-site touchpoints: a support ticket, an e-mail, a store visit), in the
   * same protocol, from the site's backend: authenticated by a secret key (Authorization: Bearer),
   * never by the public site key, and not subject to browser origins.
   */
  app.post('/v1/events', sizeLimit, async (c) => {
    const secret = c.req.header('authorization')?.match(/^Bearer (.+)$/)?.[1];
    const site = secret ? await store.siteBySecret(secret) : undefined;
    if (!site) return fail(c, 401, 'a valid secret key is required (Authorization: Bearer …)');
    const batch = await parseBatch(c, Date.now());
    if (batch instanceof Response) return batch;
    if (batch.site !== site.key) return fail(c, 403, 'this secret key does not write this site');
    try {
      return c.json(await store.ingest(site, batch, Date.now()));
    } catch (e) {
      return store503(c, site, batch, e);
    }
  });

  app.post(
    '/v1/batch',
    sizeLimit,
    async (c) => {
      const receivedAt = Date.now();
      const batch = await parseBatch(c, receivedAt);
      if (batch instanceof Response) return batch;
      const site = await store.siteByKey(batch.site);
      if (!site) return fail(c, 401, 'unknown site key');
      const origin = c.req.header('origin');
      if (origin && site.origins.length && !site.origins.includes(origin)) return fail(c, 403, `origin ${origin} is not allowed for this site`);
      // Over the site's rate the SDK keeps the batch and retries after Retry-After.
      const wait = limit.take(site.id);
      if (wait) return fail(c, 429, `over ${ratePerSecond} batches a second for this site`, { 'retry-after': String(wait) });
      try {
        return c.json(await store.ingest(site, batch, receivedAt));
      } catch (e) {
        return store503(c, site, batch, e);
      }
    },
  );
  /**
   * Reads need a read token (Authorization: Bearer …) of the site in the path: 401 without a
   * valid token, 403 with another site's. Every query is bounded in time and rows, and paged.
   */
  const read = <T>(query: (store: Store, site: Site, q: v.InferOutput<typeof ReadQuery> & { from: number; to: number }, c: Context) => Promise<T>) =>
    async (c: Context) => {
      const token = c.req.header('authorization')?.match(/^Bearer (.+)$/)?.[1];
      const owner = token ? await store.siteByToken(token) : undefined;
      if (!owner) return fail(c, 401, 'a valid read token is required (Authorization: Bearer …)');
      if (owner.name !== c.req.param('site')) return fail(c, 403, 'this token does not read this site');
      const parsed = v.safeParse(ReadQuery, c.req.query());
      if (!parsed.success) return fail(c, 400, `${v.getDotPath(parsed.issues[0]) ?? 'query'}: ${parsed.issues[0].message}`);
      const to = parsed.output.to ?? Date.now();
      const from = parsed.output.from ?? to - 7 * 86_400_000;
      if (from > to || to - from > MAX_RANGE_MS) return fail(c, 400, 'from/to: the range must be ascending and at most 366 days');
      try {
        return c.json({ rows: await query(store, owner, { ...parsed.output, from, to }, c) });
      } catch (e) {
        if (e instanceof BadQuery) return fail(c, 400, e.message);
        throw e;
      }
    };
  app.get('/v1/sites/:site/pages', read((s, site, q) => s.pages(site, q)));
  app.get('/v1/sites/:site/hotspots', read((s, site, q) => s.hotspots(site, q)));
  app.get(
    '/v1/sites/:site/heatmap',
    read(async (s, site, q, c) => {
      const h = v.safeParse(HeatmapQuery, c.req.query());
      if (!h.success) throw new BadQuery(`${v.getDotPath(h.issues[0]) ?? 'query'}: ${h.issues[0].message}`);
      return s.heatmap(site, { ...q, ...h.output });
    }),
  );
  return app;
}

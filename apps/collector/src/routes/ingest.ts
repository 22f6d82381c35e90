import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isbot } from 'isbot';
import type { Logger } from 'pino';
import * as v from 'valibot';
import { Batch } from '@touchmap/protocol';
import { bearer, fail, issueText, type Env } from '../http.ts';
import { createRateLimit } from '../rate-limit.ts';
import { wellFormedJson } from '../well-formed.ts';
import type { Site, Store } from '../store/store.ts';

/** Largest body accepted: a batch is at most 60 KB (LIMITS.batchBytes); this leaves headroom. */
export const MAX_BODY = 1 << 20;
/** Event times accepted relative to arrival: a visitor's clock may be off, not by months. */
const MAX_PAST_MS = 30 * 86_400_000;
const MAX_FUTURE_MS = 86_400_000;
/** Refuses bytes that are not UTF-8 (stateless between calls: one for all requests). */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Ingest: `POST /v1/batch` from the browser SDK (site key in the body, JSON or the text/plain
 * sendBeacon sends) and `POST /v1/events` from a site's backend (secret key). Answers 2xx only
 * after the store has made the events durable.
 */
export function ingestRoutes(app: Hono<Env>, db: Store, log: Logger, ratePerSecond: number, keepBots: boolean) {
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

  /** Decodes and validates a batch body; a Response when it is refused. */
  const parseBatch = async (c: Context, receivedAt: number): Promise<Batch | Response> => {
    let text: string;
    try {
      text = utf8.decode(await c.req.arrayBuffer());
    } catch {
      return fail(c, 400, 'body is not valid UTF-8');
    }
    // Parsed in the event loop's check phase, after the I/O callbacks of this turn: the store's
    // writer, whose statements wait for the loop, goes on while a burst of batches is parsed.
    await new Promise((r) => setImmediate(r));
    let json: unknown;
    try {
      json = wellFormedJson(text, JSON.parse(text));
    } catch {
      return fail(c, 400, 'body is not valid JSON');
    }
    const parsed = v.safeParse(Batch, json);
    if (!parsed.success) return fail(c, 400, issueText(parsed.issues, 'batch'));
    const bad = parsed.output.events.findIndex((e) => e.t < receivedAt - MAX_PAST_MS || e.t > receivedAt + MAX_FUTURE_MS);
    if (bad >= 0) return fail(c, 400, `events.${bad}.t: more than 30 days in the past or 1 day in the future`);
    return parsed.output;
  };
  const accept = async (c: Context<Env>, site: Site, batch: Batch, receivedAt: number) => {
    c.set('site', site.name);
    try {
      return c.json(await db.ingest(site, batch, receivedAt));
    } catch (e) {
      // Not durable, not acknowledged: the sender keeps the batch and retries.
      log.error({ site: site.name, bid: batch.bid, err: e }, 'ingest failed');
      return fail(c, 503, 'storage unavailable, retry later', { 'retry-after': '5' });
    }
  };
  const tooLarge = (c: Context) => fail(c, 413, `body over ${MAX_BODY} bytes`);
  const streamedLimit = bodyLimit({ maxSize: MAX_BODY, onError: tooLarge });
  /**
   * Bodies over MAX_BODY are refused. A body of a stated length (what browsers and most clients
   * send) is judged by its Content-Length and read straight from Node's request; only a chunked
   * one goes through Hono's bodyLimit, which counts it as it streams — and builds a web Request
   * to do so, which for every batch cost ~8% of the main thread under load (bench/README.md).
   */
  const sizeLimit: MiddlewareHandler = async (c, next) => {
    const length = c.req.header('content-length');
    if (length !== undefined && /^\d+$/.test(length) && c.req.header('transfer-encoding') === undefined) return Number(length) > MAX_BODY ? tooLarge(c) : next();
    return streamedLimit(c, next);
  };

  /**
   * Server-side events (off-site touchpoints: a support ticket, an e-mail, a store visit), in the
   * same protocol, from the site's backend: authenticated by a secret key (Authorization: Bearer),
   * never by the public site key, and not subject to browser origins.
   */
  app.post('/v1/events', sizeLimit, async (c) => {
    const secret = bearer(c);
    const site = secret ? await db.siteBySecret(secret) : undefined;
    if (!site) return fail(c, 401, 'a valid secret key is required (Authorization: Bearer …)');
    const receivedAt = Date.now();
    const batch = await parseBatch(c, receivedAt);
    if (batch instanceof Response) return batch;
    if (batch.site !== site.key) return fail(c, 403, 'this secret key does not write this site');
    return accept(c, site, batch, receivedAt);
  });

  app.post('/v1/batch', sizeLimit, async (c) => {
    const receivedAt = Date.now();
    const batch = await parseBatch(c, receivedAt);
    if (batch instanceof Response) return batch;
    const site = await db.siteByKey(batch.site);
    if (!site) return fail(c, 401, 'unknown site key');
    const origin = c.req.header('origin');
    if (origin && site.origins.length && !site.origins.includes(origin)) return fail(c, 403, `origin ${origin} is not allowed for this site`);
    // A crawler rendering the page (Googlebot runs scripts), a link preview, a Lighthouse audit,
    // a headless browser: no customer, and each would count as a session that landed and left.
    // Answered 2xx so the sender deletes the batch instead of retrying it.
    if (!keepBots && isbot(c.req.header('user-agent'))) {
      c.set('site', site.name);
      return c.json({ stored: 0, duplicates: 0, ignored: 'bot' });
    }
    // Over the site's rate the SDK keeps the batch and retries after Retry-After.
    const wait = limit.take(site.id);
    if (wait) return fail(c, 429, `over ${ratePerSecond} batches a second for this site`, { 'retry-after': String(wait) });
    return accept(c, site, batch, receivedAt);
  });
}

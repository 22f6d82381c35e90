import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import type { Context, Hono } from 'hono';
import * as v from 'valibot';
import { bearer, fail, issueText, type Env } from '../http.ts';
import { BadQuery, ElementQuery, ExportQuery, HeatmapQuery, ReadQuery, rawQuery, toQuery } from '../query.ts';
import type { Query, Site, Store } from '../store/store.ts';

/** Validates extra query parameters of one endpoint; a BadQuery (400) naming the field when wrong. */
export const extra = <S extends v.GenericSchema>(schema: S, c: Context): v.InferOutput<S> => {
  const r = v.safeParse(schema, c.req.query());
  if (!r.success) throw new BadQuery(issueText(r.issues, 'query'));
  return r.output;
};

/**
 * The query API. Reads need a read token (Authorization: Bearer …) of the site in the path: 401
 * without a valid token, 403 with another site's. Every query is bounded in time and rows,
 * paged, and takes the same page and segment filters.
 */
export function readRoutes(app: Hono<Env>, store: Store) {
  const read = readEndpoint(store);
  /** A list answer: its rows, and the offset of the next page when this one is full. */
  const page = <T>(rows: T[], q: Query) => ({ rows, ...(rows.length === q.limit ? { next: q.offset + q.limit } : {}) });
  routes(app, store, read, page);
}

/**
 * A read endpoint: the read token of the site in the path (401 without a valid one, 403 with
 * another site's), the common query (range, paging, page, segment) validated, BadQuery → 400.
 */
export function readEndpoint(store: Store) {
  // `ownLimit`: the endpoint bounds `limit` itself (export pages up to 1,000,000 rows, not 1000).
  return (query: (site: Site, q: Query, c: Context<Env>) => Promise<Response | object>, { ownLimit = false } = {}) => async (c: Context<Env>) => {
    const token = bearer(c);
    const owner = token ? await store.siteByToken(token) : undefined;
    if (!owner) return fail(c, 401, 'a valid read token is required (Authorization: Bearer …)');
    if (owner.name !== c.req.param('site')) return fail(c, 403, 'this token does not read this site');
    c.set('site', owner.name);
    try {
      const raw = rawQuery(c.req.query(), c.req.queries());
      if (ownLimit) delete raw.limit;
      const parsed = v.safeParse(ReadQuery, raw);
      if (!parsed.success) throw new BadQuery(issueText(parsed.issues, 'query'));
      const out = await query(owner, toQuery(parsed.output, Date.now()), c);
      return out instanceof Response ? out : c.json(out);
    } catch (e) {
      if (e instanceof BadQuery) return fail(c, 400, e.message);
      throw e;
    }
  };
}

type Read = ReturnType<typeof readEndpoint>;
function routes(app: Hono<Env>, store: Store, read: Read, page: <T>(rows: T[], q: Query) => { rows: T[]; next?: number }) {

  app.get('/v1/sites/:site/pages', read(async (site, q) => page(await store.pages(site, q), q)));
  app.get('/v1/sites/:site/hotspots', read(async (site, q) => page(await store.hotspots(site, q), q)));
  app.get(
    '/v1/sites/:site/heatmap',
    read(async (site, q, c) => {
      const h = extra(HeatmapQuery, c);
      if (q.url === undefined && q.page === undefined) throw new BadQuery('url: a heatmap is of one page: give url (a path) or page (a page group)');
      const map = await store.heatmap(site, { ...q, ...h });
      return { ...page(map.elements, q), grid: map.grid };
    }),
  );
  app.get(
    '/v1/sites/:site/scroll',
    read(async (site, q) => {
      if (q.url === undefined && q.page === undefined) throw new BadQuery('url: scroll depth is of one page: give url (a path) or page (a page group)');
      return store.scrollDepth(site, q);
    }),
  );
  app.get('/v1/sites/:site/element', read(async (site, q, c) => store.element(site, { ...q, ...extra(ElementQuery, c) })));
  app.get(
    '/v1/sites/:site/export',
    read(async (site, q, c) => {
      const { format, limit } = extra(ExportQuery, c);
      // DuckDB writes the file (its CSV and Parquet writers), the response streams it, and it
      // is deleted once sent or abandoned.
      const file = join(tmpdir(), `touchmap-export-${randomUUID()}.${format}`);
      try {
        const rows = await store.exportEvents(site, { ...q, limit }, format, file);
        const body = createReadStream(file);
        body.on('close', () => void rm(file, { force: true }));
        c.header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.apache.parquet');
        c.header('content-disposition', `attachment; filename="touchmap-${site.name.replace(/[^\w.-]/g, '_')}-${q.from}-${q.to}.${format}"`);
        c.header('x-touchmap-rows', String(rows));
        if (rows === limit) c.header('x-touchmap-next-offset', String(q.offset + limit));
        return c.body(Readable.toWeb(body) as ReadableStream);
      } catch (e) {
        await rm(file, { force: true });
        throw e;
      }
    }, { ownLimit: true }),
  );
}

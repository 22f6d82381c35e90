import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { checkJourney } from '@touchmap/journey';
import * as v from 'valibot';
import { DEFAULT_STAGES } from '@touchmap/journey';
import { bearer, fail, issueText, type Env } from '../http.ts';
import type { JourneyDefinition } from '@touchmap/journey';
import { compareRange, JourneyQuery } from '../query.ts';
import { tokenRole, type Query, type Site, type Store } from '../store/store.ts';
import { extra, readEndpoint } from './read.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** A touchpoint tagged on an element (the overlay's inspect mode): reached by clicks on it. */
const NewTouchpoint = v.strictObject({
  id: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/i, 'ids are 1–64 letters, digits, _ . - (starting with a letter or digit)'))),
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'a touchpoint needs a name'), v.maxLength(100)),
  stage: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  selector: v.pipe(v.string(), v.minLength(1), v.maxLength(512)),
  momentOfTruth: v.optional(v.boolean()),
});

/** An id from a name (`Gift wrap option` → `gift-wrap-option`), unique among `taken`. */
export function slug(name: string, taken: string[]): string {
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 56) || 'touchpoint';
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

/**
 * A site's journey definition: set with `PUT /v1/sites/:site/journey` (the admin token, the
 * site's secret key or an edit token — a definition changes what every map says, so plain read
 * tokens cannot), read with a read token. Every change stores a new version; earlier ones stay
 * readable. `POST …/journey/touchpoints` adds one touchpoint (what the overlay's tagging does):
 * the merge happens here, in one step, so two researchers tagging at once lose nothing.
 */
export function journeyRoutes(app: Hono<Env>, store: Store, adminToken: string | undefined) {
  const admin = adminToken ? digest(adminToken) : undefined;
  const writer = async (c: Context<Env>): Promise<Site | Response> => {
    const name = c.req.param('site')!;
    const given = bearer(c);
    if (!given) return fail(c, 401, 'the admin token or the site\'s secret key is required (Authorization: Bearer …)');
    if (admin && timingSafeEqual(digest(given), admin)) {
      const site = await store.siteByName(name);
      return site ?? fail(c, 404, `no site named ${name}`);
    }
    const owner = (await store.siteBySecret(given)) ?? (tokenRole(given) === 'edit' ? await store.siteByToken(given) : undefined);
    if (!owner) {
      const readOnly = tokenRole(given) === 'read' && (await store.siteByToken(given));
      return readOnly
        ? fail(c, 403, 'this token can only read: changing the journey needs an edit token (touchmap-collector token create SITE --edit)')
        : fail(c, 401, 'the admin token, the site\'s secret key or an edit token is required (Authorization: Bearer …)');
    }
    if (owner.name !== name) return fail(c, 403, 'this credential does not write this site');
    return owner;
  };
  const reader = async (c: Context<Env>): Promise<Site | Response> => {
    const token = bearer(c);
    const owner = token ? await store.siteByToken(token) : undefined;
    if (!owner) return fail(c, 401, 'a valid read token is required (Authorization: Bearer …)');
    if (owner.name !== c.req.param('site')) return fail(c, 403, 'this token does not read this site');
    return owner;
  };

  app.put('/v1/sites/:site/journey', async (c) => {
    const site = await writer(c);
    if (site instanceof Response) return site;
    c.set('site', site.name);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return fail(c, 400, 'body is not valid JSON');
    }
    const checked = checkJourney(body);
    if (!checked.ok) return c.json({ error: checked.errors[0], errors: checked.errors }, 400);
    const { journey: _, ...stored } = await store.putJourney(site, checked.journey, c.req.header('x-touchmap-source') === 'file' ? 'file' : 'api');
    return c.json(stored, 201);
  });

  app.post('/v1/sites/:site/journey/touchpoints', async (c) => {
    const site = await writer(c);
    if (site instanceof Response) return site;
    c.set('site', site.name);
    const body = v.safeParse(NewTouchpoint, await c.req.json().catch(() => undefined));
    if (!body.success) return fail(c, 400, issueText(body.issues, 'body'));
    const { id, name, stage, selector, momentOfTruth } = body.output;
    const current = (await store.journey(site))?.journey ?? { stages: DEFAULT_STAGES.map((s) => ({ id: s })), touchpoints: [], funnels: [] };
    const tpId = id ?? slug(name, current.touchpoints.map((t) => t.id));
    if (current.touchpoints.some((t) => t.id === tpId)) return fail(c, 409, `a touchpoint with id ${tpId} exists already`);
    const touchpoint = { id: tpId, name, stage, match: { selector }, ...(momentOfTruth ? { momentOfTruth } : {}) };
    const checked = checkJourney({ ...current, touchpoints: [...current.touchpoints, touchpoint] });
    if (!checked.ok) return c.json({ error: checked.errors[0], errors: checked.errors }, 400);
    const { journey: _, ...stored } = await store.putJourney(site, checked.journey, 'overlay');
    return c.json({ ...stored, touchpoint }, 201);
  });

  app.get('/v1/sites/:site/journey', async (c) => {
    const site = await reader(c);
    if (site instanceof Response) return site;
    c.set('site', site.name);
    const v = c.req.query('version');
    if (v !== undefined && !/^\d{1,9}$/.test(v)) return fail(c, 400, 'version: must be a whole number');
    const found = await store.journey(site, v === undefined ? undefined : Number(v));
    return found ? c.json(found) : fail(c, 404, v === undefined ? 'no journey defined for this site yet (PUT /v1/sites/:site/journey)' : `no journey version ${v}`);
  });

  app.get('/v1/sites/:site/journey/versions', async (c) => {
    const site = await reader(c);
    if (site instanceof Response) return site;
    c.set('site', site.name);
    return c.json({ versions: await store.journeyVersions(site) });
  });
}

/**
 * The journey queries (read token): the journey map, one funnel, pain points — each for the
 * query's range and segment against a definition version (the latest unless `version`), and,
 * with compareFrom/compareTo, the same for that period beside it: how a map is validated and
 * kept fresh (before/after a release).
 */
export function journeyQueryRoutes(app: Hono<Env>, store: Store) {
  const read = readEndpoint(store);
  const withJourney = <T>(answer: (site: Site, journey: JourneyDefinition, q: Query, now: number, c: Context<Env>) => Promise<T | undefined>) =>
    read(async (site, q, c) => {
      const jq = extra(JourneyQuery, c);
      const stored = await store.journey(site, jq.version);
      if (!stored) return fail(c, 404, jq.version === undefined ? 'no journey defined for this site yet (PUT /v1/sites/:site/journey)' : `no journey version ${jq.version}`);
      const compare = compareRange(jq);
      const now = Date.now();
      const [current, before] = await Promise.all([answer(site, stored.journey, q, now, c), compare ? answer(site, stored.journey, { ...q, ...compare }, now, c) : undefined]);
      if (current === undefined) throw new NotFound();
      return { version: stored.version, range: { from: q.from, to: q.to }, ...current, ...(compare ? { compare: { range: compare, ...before } } : {}) };
    });
  const notFound = (c: Context<Env>, e: unknown) => {
    if (e instanceof NotFound) return fail(c, 404, `no funnel ${c.req.param('funnel')} in this journey`);
    throw e;
  };
  app.get('/v1/sites/:site/journey/map', withJourney((site, journey, q, now) => store.journeyMap(site, journey, q, now)));
  app.get('/v1/sites/:site/funnels/:funnel', async (c) => {
    try {
      return await withJourney((site, journey, q, now, c2) => store.funnel(site, journey, c2.req.param('funnel')!, q, now))(c);
    } catch (e) {
      return notFound(c, e);
    }
  });
  app.get('/v1/sites/:site/pain-points', withJourney((site, journey, q, now) => store.painPoints(site, journey, q, now)));
}

class NotFound extends Error {}

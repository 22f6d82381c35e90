import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { checkJourney, type JourneyDefinition, type Weights } from '@touchmap/journey';
import { Batch } from '@touchmap/protocol';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { chdb } from './chdb.test-support.ts';
import { haveClickHouse, startClickHouse, type ClickHouseServer } from './clickhouse-server.test-support.ts';
import { openClickHouseStore } from './clickhouse.ts';
import { clickHouseOver, errorCode } from './clickhouse-connection.ts';
import { invalid, session, shop, survey } from '../../../../packages/journey/src/fixture.test-support.ts';
import { batches, journeyFixtures, richJourney } from '../journey-fixture.test-support.ts';
import { overlapFixture, overlapJourney, readsFixture } from './contract-fixture.test-support.ts';
import { openDuckStore } from './duckdb.ts';
import { StoreUnavailable, type Ingested, type Query, type Site, type Store } from './store.ts';

// One contract, every engine: the same events in, the same answers out. DuckDB is the
// reference; each other engine must answer exactly as it does (numbers compared to 9 digits:
// the engines sum floating point in different orders).

interface Engine {
  name: string;
  store: Store;
  site: Site;
  ingested: Ingested[];
  /** The journey fixtures' sites: the shop journey's events, the rich journey's, random sessions on overlapping rules. */
  journeys: Site;
  rich: Site;
  overlap: Site;
}

const now = Date.now();
const KEY = 'contract-key';
const fixture = readsFixture(KEY, now);

// The journey fixtures (journey-fixture.test-support.ts) three hours ago — every session there
// has ended by being idle — and, on the shop journey, two sessions of the last minutes: one
// ended by an `end` event, one still going (neither is idle yet), both stopped at shipping.
const HOUR = 3_600_000;
const journeyBase = now - 3 * HOUR;
const { events: journeyEvents, richEvents } = journeyFixtures(journeyBase);
const recent = [
  ...session('E1', ['/cart', '/checkout/shipping', 'step:shipping', invalid('#postcode'), { k: 'end' }], now - 600_000),
  ...session('E2', ['/', '/cart', '/checkout/shipping', 'step:shipping', invalid('#postcode'), survey('checkout:shipping', 4)], now - 300_000),
];
const journeyBatches = batches('journey-key', [...journeyEvents, ...recent]);
const richBatches = batches('rich-key', richEvents);
const overlapBatches = overlapFixture('overlap-key', now);

/**
 * A journey over the reads fixture: every kind of rule, selectors that need quoting, signals of
 * every kind (field, vital, error), sessions of every segment, some still going.
 */
const readsJourney: JourneyDefinition = (() => {
  const r = checkJourney({
    touchpoints: [
      { id: 'home', stage: 'awareness', match: { url: '/' } },
      { id: 'product', stage: 'consideration', match: { url: '/product/:id' } },
      { id: 'buy', stage: 'consideration', match: { touchpoint: 'buy' } },
      { id: 'express', stage: 'decision', match: { selector: '#express' } },
      { id: 'cart', stage: 'decision', match: { url: '/cart', selector: 'a.nav[href="/cart"]' } },
      { id: 'name', stage: 'decision', match: { selector: "input[name='o''brien']" } },
      { id: 'checkout', stage: 'decision', match: { url: '/checkout/*', selector: 'button[data-testid="pay"]' }, momentOfTruth: true, target: { conversion: 0.5, friction: 100 } },
      { id: 'payment', stage: 'retention', match: { url: '/checkout/payment' } },
    ],
    funnels: [{ id: 'shop', steps: ['product', 'cart', 'checkout', 'payment'] }, { id: 'quick', name: 'Quick buy', steps: ['buy', 'express', 'name'] }],
  });
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.journey;
})();
const dirs: string[] = [];
const servers: ClickHouseServer[] = [];
const engines: Engine[] = [];

/** Numbers rounded to 9 significant digits, recursively: what "the same answer" means here. */
const norm = (x: unknown): unknown =>
  typeof x === 'number' ? Number(x.toPrecision(9)) : Array.isArray(x) ? x.map(norm) : x && typeof x === 'object' ? Object.fromEntries(Object.entries(x).map(([k, y]) => [k, norm(y)])) : x;

const tempDir = (name: string) => dirs[dirs.push(mkdtempSync(join(tmpdir(), `touchmap-${name}-`))) - 1]!;

if (process.env.CI && !haveClickHouse()) throw new Error('ClickHouse 18.16 is not installed (apt-get install clickhouse-server): the contract suite needs it in CI');
// The modern engine, in-process: every test of it lives in this file (one engine per process).
const modern = await chdb(() => tempDir('chdb'));
if ('missing' in modern) {
  if (process.env.CI) throw new Error(`chdb (a devDependency of the collector) does not load: ${modern.missing}; the contract suite needs it in CI`);
  console.warn(`contract suite: chdb skipped, it does not load here (${modern.missing})`);
}

const opened: [string, () => Promise<Store>][] = [
  ['duckdb', async () => openDuckStore(tempDir('contract'))],
  ...(haveClickHouse()
    ? [['clickhouse 18.16', async () => {
        const server = await startClickHouse();
        servers.push(server);
        return openClickHouseStore(`${server.url.replace('http', 'clickhouse')}/touchmap`);
      }] as [string, () => Promise<Store>]]
    : []),
  ...('client' in modern ? [[`chdb ${modern.version}`, () => openClickHouseStore({ client: modern.client, database: 'touchmap' })] as [string, () => Promise<Store>]] : []),
];

describe('store contract: every engine answers as DuckDB does', () => {
  beforeAll(async () => {
    for (const b of [...fixture, ...journeyBatches, ...richBatches, ...overlapBatches]) v.parse(Batch, b);
    for (const [name, open] of opened) {
      const store = await open();
      const site = await store.addSite({ name: 'shop', key: KEY, origins: [] });
      const ingested: Ingested[] = [];
      // Half the batches one at a time, the rest at once (the engines group concurrent writes).
      const half = Math.floor(fixture.length / 2);
      for (const b of fixture.slice(0, half)) ingested.push(await store.ingest(site, b, now));
      ingested.push(...(await Promise.all(fixture.slice(half).map((b) => store.ingest(site, b, now)))));
      const journeys = await store.addSite({ name: 'journeys', key: 'journey-key', origins: [] });
      const rich = await store.addSite({ name: 'rich', key: 'rich-key', origins: [] });
      await Promise.all(journeyBatches.map((b) => store.ingest(journeys, b as unknown as Batch, now)));
      await Promise.all(richBatches.map((b) => store.ingest(rich, b as unknown as Batch, now)));
      const overlap = await store.addSite({ name: 'overlap', key: 'overlap-key', origins: [] });
      await Promise.all(overlapBatches.map((b) => store.ingest(overlap, b, now)));
      engines.push({ name, store, site, ingested, journeys, rich, overlap });
    }
  }, 120_000);
  afterAll(async () => {
    for (const e of engines) await e.store.close();
    for (const s of servers) await s.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const q = (over: Partial<Query> = {}): Query => ({ from: now - 2 * 3_600_000, to: now, limit: 100, offset: 0, segment: {}, ...over });
  /** Asks every engine, expects each answer to equal DuckDB's, and returns DuckDB's. */
  const same = async <T>(ask: (e: Engine) => Promise<T>): Promise<T> => {
    const answers = await Promise.all(engines.map(async (e) => ({ name: e.name, answer: norm(await ask(e)) })));
    for (const a of answers.slice(1)) expect({ engine: a.name, answer: a.answer }).toEqual({ engine: a.name, answer: answers[0]!.answer });
    return answers[0]!.answer as T;
  };

  it('runs on more than one engine here', () => {
    expect(engines.map((e) => e.name)).toContain('duckdb');
    if (haveClickHouse()) expect(engines.map((e) => e.name)).toContain('clickhouse 18.16');
    if ('client' in modern) expect(engines.map((e) => e.name)).toContain(`chdb ${modern.version}`);
  });
  // Shown in the report when chdb is not there: the suite ran without the modern engine.
  if ('missing' in modern) it.skip(`chdb: skipped, it does not load here (${modern.missing})`, () => {});

  it('a wrong statement is refused as such on every ClickHouse engine, an unreachable server as unavailable', async () => {
    // chdb's errors are not the client's ClickHouseError: the code is read from them all the same.
    const quiet = { log: { level: ClickHouseLogLevel.OFF } };
    const servers18 = servers.map((s) => clickHouseOver(createClient({ url: s.url, ...quiet })));
    const handles = [...servers18, ...('client' in modern ? [clickHouseOver(modern.client)] : [])];
    for (const ch of handles) {
      for (const [statement, code] of [['selec 1', 62], ['select * from no_such_table', 60]] as const) {
        const e = await ch.rows(statement).then(() => undefined, (x: unknown) => x);
        expect(e).not.toBeInstanceOf(StoreUnavailable);
        expect(errorCode(e)).toBe(code);
      }
    }
    for (const ch of servers18) await ch.close();
    const nobody = clickHouseOver(createClient({ url: 'http://127.0.0.1:9', request_timeout: 2000, ...quiet }));
    await expect(nobody.rows('select 1')).rejects.toBeInstanceOf(StoreUnavailable);
    await nobody.close();
  });

  it('ingest: stores each event once, a retried batch as duplicates', async () => {
    const total = fixture.slice(0, -1).reduce((n, b) => n + b.events.length, 0);
    const answer = await same(async (e) => ({
      stored: e.ingested.reduce((n, r) => n + r.stored, 0),
      duplicates: e.ingested.reduce((n, r) => n + r.duplicates, 0),
      count: await e.store.countEvents('shop'),
    }));
    expect(answer).toEqual({ stored: total, duplicates: fixture.at(-1)!.events.length, count: total });
    // Sending everything again stores nothing new.
    const again = await same(async (e) => {
      const r = await Promise.all(fixture.slice(0, 5).map((b) => e.store.ingest(e.site, b, now)));
      return { stored: r.reduce((n, x) => n + x.stored, 0), count: await e.store.countEvents('shop') };
    });
    expect(again).toEqual({ stored: 0, count: total });
  });

  it('pages, with every segment filter', async () => {
    const all = await same((e) => e.store.pages(e.site, q()));
    expect(all.length).toBeGreaterThan(3);
    for (const segment of [{ device: 'mobile' }, { visitor: 'new' }, { visitor: 'returning' }, { source: 'newsletter' }, { source: 'google' }, { source: 'example.org' }, { viewport: 'l' }, { traits: [['plan', 'pro'], ['beta', 'true']] }] as Query['segment'][]) {
      await same((e) => e.store.pages(e.site, q({ segment })));
    }
    await same((e) => e.store.pages(e.site, q({ limit: 2, offset: 1 })));
  });

  it('hotspots', async () => {
    const rows = await same((e) => e.store.hotspots(e.site, q()));
    expect(rows.length).toBeGreaterThan(3);
    await same((e) => e.store.hotspots(e.site, q({ page: '/cart' })));
    await same((e) => e.store.hotspots(e.site, q({ segment: { device: 'desktop' }, limit: 3 })));
  });

  it('heatmaps of every kind', async () => {
    for (const kind of ['click', 'move', 'rage', 'dead', 'errclick', 'disabled'] as const) {
      const h = await same((e) => e.store.heatmap(e.site, { ...q({ page: '/cart' }), kind, bins: 8, cell: 32 }));
      if (kind === 'click' || kind === 'move') expect(h.elements.length).toBeGreaterThan(1);
    }
    await same((e) => e.store.heatmap(e.site, { ...q({ url: '/product/2?ref=home', limit: 2, offset: 1 }), kind: 'click', bins: 4, cell: 50 }));
  });

  it('one element', async () => {
    for (const sel of ["input[name='o''brien']", '#express', 'button[data-testid="pay"]', '#nothing-here']) {
      await same((e) => e.store.element(e.site, { ...q(), sel }));
    }
    const field = await same((e) => e.store.element(e.site, { ...q(), sel: "input[name='o''brien']" }));
    expect(Object.keys(field.field).length).toBeGreaterThan(1);
  });

  it('scroll depth', async () => {
    const all = await same((e) => e.store.scrollDepth(e.site, q({ page: '/cart' })));
    expect(all.views).toBeGreaterThan(2);
    await same((e) => e.store.scrollDepth(e.site, q()));
    await same((e) => e.store.scrollDepth(e.site, q({ segment: { device: 'mobile' } })));
    await same((e) => e.store.scrollDepth(e.site, q({ page: '/nowhere' })));
  });

  it('export, CSV and Parquet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'touchmap-export-'));
    dirs.push(dir);
    const csv = await same(async (e) => {
      const file = join(dir, `${e.name}.csv`);
      const n = await e.store.exportEvents(e.site, q({ limit: 1000 }), 'csv', file);
      return { n, text: readFileSync(file, 'utf8') };
    });
    expect(csv.n).toBe(fixture.slice(0, -1).reduce((n, b) => n + b.events.length, 0));
    await same(async (e) => {
      const file = join(dir, `${e.name}.parquet`);
      await e.store.exportEvents(e.site, q({ limit: 50, offset: 10, page: '/cart' }), 'parquet', file);
      // The same rows and values: read back through DuckDB (a Parquet file's bytes name its writer).
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const db = await DuckDBInstance.create(':memory:');
      const c = await db.connect();
      const rows = (await c.runAndReadAll(`select * from '${file}'`)).getRowObjectsJson();
      c.closeSync();
      db.closeSync();
      return rows;
    });
  });
  it('erasing one site of two: the other answers as before, nothing of the erased one is left', { timeout: 120_000 }, async () => {
    // The same sessions again for a second site, under ids of their own (DuckDB keys events by id).
    const spare = (b: Batch): Batch => ({ ...b, site: 'spare-key', sid: `spare-${b.sid}`, pv: `spare-${b.pv}`, bid: `spare-${b.bid}`, events: b.events.map((e) => ({ ...e, id: `spare-${e.id}` })) }) as Batch;
    const checked = checkJourney({ touchpoints: [{ id: 'cart', stage: 'decision', match: { url: '/cart' } }], funnels: [] });
    if (!checked.ok) throw new Error(checked.errors.join('; '));
    const shop = (e: Engine) => Promise.all([
      e.store.countEvents('shop'), e.store.pages(e.site, q()), e.store.hotspots(e.site, q()), e.store.heatmap(e.site, { ...q({ page: '/cart' }), kind: 'click', bins: 8, cell: 32 }),
      e.store.element(e.site, { ...q(), sel: '#express' }), e.store.scrollDepth(e.site, q({ page: '/cart' })), e.store.pages(e.site, q({ segment: { traits: [['plan', 'pro']] } })), e.store.siteData('shop'),
    ]);
    const held = await same(async (e) => {
      const site = await e.store.addSite({ name: 'spare', key: 'spare-key', origins: [] });
      await Promise.all(fixture.map((b) => e.store.ingest(site, spare(b), now)));
      await e.store.putJourney(site, checked.journey, 'api');
      await e.store.createToken('spare');
      await e.store.createSecret('spare');
      return e.store.siteData('spare');
    });
    const total = fixture.slice(0, -1).reduce((n, b) => n + b.events.length, 0);
    expect(held).toEqual({ events: total, pageViews: expect.any(Number), traits: expect.any(Number), journeyVersions: 1, tokens: 1, secrets: 1 });
    expect(held.pageViews * held.traits).toBeGreaterThan(0);

    const before = await same(shop);
    const after = await same(async (e) => {
      const site = (await e.store.siteByName('spare'))!;
      const token = await e.store.createToken('spare');
      const secret = await e.store.createSecret('spare');
      expect(await e.store.siteByKey('spare-key')).toEqual(site); // cached now: erasing must forget it
      const allBefore = await e.store.countEvents();
      const erased = await e.store.eraseSite('spare');
      return {
        erased,
        key: await e.store.siteByKey('spare-key'), name: await e.store.siteByName('spare'), token: await e.store.siteByToken(token), secret: await e.store.siteBySecret(secret),
        spareListed: (await e.store.listSites()).some((s) => s.name === 'spare'), count: await e.store.countEvents('spare'), dropped: allBefore - (await e.store.countEvents()),
        pages: await e.store.pages(site, q()), hotspots: await e.store.hotspots(site, q()), journeys: await e.store.journeyVersions(site),
        data: await e.store.siteData('spare').catch((x: Error) => x.message),
      };
    });
    expect(after).toEqual({
      erased: { ...held, tokens: 2, secrets: 2 }, key: undefined, name: undefined, token: undefined, secret: undefined,
      spareListed: false, count: 0, dropped: total, pages: [], hotspots: [], journeys: [], data: 'no site named spare',
    });
    expect(await same(shop)).toEqual(before);
    await same(async (e) => e.store.eraseSite('spare').catch((x: Error) => x.message));
  });

  it('retention: DuckDB removes rows older than the cutoff, ClickHouse whole months before it', { timeout: 120_000 }, async () => {
    // Mid-month times (UTC): far from a month's edge in any server time zone.
    const month = (ago: number, day: number) => { const d = new Date(now); return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - ago, day, 12); };
    const times = [month(4, 15), month(3, 15), month(2, 15), month(1, 5), month(1, 25)];
    const cutoff = month(1, 15);
    const old = times.map((t, i): Batch => ({ v: 1, site: 'archive-key', sid: `a${i}`, pv: `a${i}-p`, bid: `a${i}-p.0`, sent: t, events: [
      { id: `a${i}-0`, t, k: 'pv', url: '/', nav: 'navigate', dev: 'd', vw: 1280, vh: 700, sw: 1280 },
      { id: `a${i}-1`, t: t + 1000, k: 'click', sel: '#buy', ox: 0.5, oy: 0.5, x: 1, y: 1, sx: 0, sy: 0, vw: 1280, vh: 700 },
    ] }) as unknown as Batch);
    const shopBefore = await same((e) => e.store.pages(e.site, q()));
    for (const e of engines) {
      const site = await e.store.addSite({ name: 'archive', key: 'archive-key', origins: [] });
      for (const b of old) await e.store.ingest(site, b, now);
      expect(await e.store.countEvents('archive')).toBe(10);
      const expired = await e.store.applyRetention(cutoff);
      const again = await e.store.applyRetention(cutoff);
      const left = await e.store.exportEvents(site, { from: 0, to: now, limit: 100, offset: 0, segment: {} }, 'csv', join(tempDir('retention'), 'left.csv'));
      if (e.name === 'duckdb') {
        // Three months and the 5th of the cutoff's month: everything older than the cutoff.
        expect({ engine: e.name, expired, again, left }).toEqual({ engine: e.name, expired: { events: 8, pageViews: 4, before: cutoff }, again: { events: 0, pageViews: 0, before: cutoff }, left: 2 });
      } else {
        // Three whole months; the cutoff's month stays whole, its 5th included.
        const start = new Date(cutoff);
        expect({ engine: e.name, expired, again, left }).toEqual({ engine: e.name, expired: { events: 6, pageViews: 3, before: expect.any(Number) }, again: { events: 0, pageViews: 0, before: expired.before }, left: 4 });
        // The first day of the cutoff's month, in the server's time zone (within a day of UTC's).
        expect(Math.abs(expired.before - Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), 1))).toBeLessThanOrEqual(14 * 3_600_000);
      }
    }
    // The fixture's hour is newer than every cutoff above: untouched.
    expect(await same((e) => e.store.pages(e.site, q()))).toEqual(shopBefore);
  });

  describe('journey queries', () => {
    // Segments only divide the reads fixture's sessions (the journey fixtures' are all alike).
    const all = ['everything', 'desktop', 'mobile', 'returning visitors', 'from the newsletter', 'traits', 'one page group', 'one URL', 'a later period', 'an empty period'];
    const cases: [string, (e: Engine) => Site, JourneyDefinition, string[]][] = [
      ['shop journey', (e) => e.journeys, shop, ['everything', 'desktop', 'one page group', 'one URL', 'a later period', 'an empty period']],
      ['rich journey', (e) => e.rich, richJourney, ['everything', 'one page group', 'a later period']],
      ['reads fixture', (e) => e.site, readsJourney, all],
      ['random sessions on overlapping rules', (e) => e.overlap, overlapJourney, ['everything', 'mobile', 'returning visitors', 'one page group', 'one URL', 'a later period']],
    ];
    // The journey fixtures' hour, and the last one (only the reads fixture and the recent sessions).
    const jq = (over: Partial<Query> = {}): Query => q({ from: journeyBase - HOUR, ...over });
    const narrowed: [string, Partial<Query>][] = [
      ['everything', {}],
      ['desktop', { segment: { device: 'desktop' } }],
      ['mobile', { segment: { device: 'mobile' } }],
      ['returning visitors', { segment: { visitor: 'returning' } }],
      ['from the newsletter', { segment: { source: 'newsletter' } }],
      ['traits', { segment: { traits: [['plan', 'pro']] } }],
      ['one page group', { page: '/cart' }],
      ['one URL', { url: '/checkout/payment' }],
      // A second period, as `compare` asks: one that cuts the fixture sessions in two.
      ['a later period', { from: journeyBase + 4_000 }],
      ['an empty period', { from: journeyBase - 30 * HOUR, to: journeyBase - 20 * HOUR }],
    ];

    for (const [name, siteOf, journey, asked] of cases) {
      it(`journey map, every funnel and pain points: ${name}`, async () => {
        for (const [, over] of narrowed.filter(([n]) => asked.includes(n))) {
          await same((e) => e.store.journeyMap(siteOf(e), journey, jq(over), now));
          for (const f of journey.funnels) await same((e) => e.store.funnel(siteOf(e), journey, f.id, jq(over), now));
          await same((e) => e.store.painPoints(siteOf(e), journey, jq(over), now));
        }
        // Weights of a site's own: the friction scores change, the same way on every engine.
        // (Store leaves weights out; both engines' journeyMap take them.)
        type WithWeights = (site: Site, journey: JourneyDefinition, q: Query, now: number, weights: Weights) => ReturnType<Store['journeyMap']>;
        await same((e) => (e.store.journeyMap as WithWeights)(siteOf(e), journey, jq(), now, { dead: 5, 'field-refocus': 0.25 }));
        expect(await same((e) => e.store.funnel(siteOf(e), journey, 'nope', jq(), now))).toBeUndefined();
      }, 120_000);
    }

    it('answers what the fixtures were built to say', async () => {
      // The ten hand-counted sessions (7 reach the cart, 4 buy) and the hundred (all reach it, 58
      // buy), and the two recent ones: the one that ended abandons at shipping, the other has not.
      const funnel = (await same((e) => e.store.funnel(e.journeys, shop, 'checkout', jq(), now)))!;
      expect(funnel).toMatchObject({ entered: 109, completed: 62 });
      expect(funnel.steps.map((s) => s.reach)).toEqual([109, 108, 105, 62]);
      expect(funnel.steps[1]).toMatchObject({ abandoned: 2, medianMsToNext: 2000, evidence: { lastFields: [{ sel: '#postcode', n: 2 }] } });
      const map = await same((e) => e.store.journeyMap(e.journeys, shop, jq(), now));
      expect(map.sessions).toBe(112);
      const decision = map.stages.find((st) => st.id === 'decision')!;
      // S1 and S3 answered 5 and 2 at confirmation, E2 4 at shipping: ((5 − 3) + (2 − 3) + (4 − 3)) / 2 / 3.
      expect(decision.emotion.survey).toEqual({ score: 0.3333, n: 3 });
      expect(decision.touchpoints.find((t) => t.id === 'shipping')).toMatchObject({ reach: 108 });
      // The support ticket, sent from the site's backend with no page view, counts.
      expect(map.stages.find((st) => st.id === 'support')!.touchpoints[0]).toMatchObject({ id: 'ticket', reach: 1 });
      // …also for page views the query keeps (S10 has one, on /), and not for others.
      const home = await same((e) => e.store.journeyMap(e.journeys, shop, jq({ page: '/' }), now));
      expect(home.stages.find((st) => st.id === 'support')!.touchpoints[0]!.reach).toBe(1);
      const cart = await same((e) => e.store.journeyMap(e.journeys, shop, jq({ page: '/cart' }), now));
      expect(cart.stages.find((st) => st.id === 'support')!.touchpoints[0]!.reach).toBe(0);
      // S5 of the ten dead-clicks there too: A = 41 (10 convert), U = 64 (52 convert).
      const pains = await same((e) => e.store.painPoints(e.journeys, shop, jq(), now));
      expect(pains.ranked[0]).toMatchObject({ touchpoint: 'payment', kind: 'dead', affected: 41, unaffected: 64, sessionsLost: 23.31, proven: true });
      const rich = await same((e) => e.store.painPoints(e.rich, richJourney, jq(), now));
      expect(rich.ranked.length + rich.notEnoughData.length).toBeGreaterThan(0);
      // The random sessions reach every rule (each engine counts the same, above).
      const overlap = await same((e) => e.store.journeyMap(e.overlap, overlapJourney, jq(), now));
      expect(overlap.stages.flatMap((st) => st.touchpoints).every((t) => t.reach > 0)).toBe(true);
      expect((await same((e) => e.store.funnel(e.overlap, overlapJourney, 'checkout', jq(), now)))!.entered).toBeGreaterThan(50);
      const empty = await same((e) => e.store.journeyMap(e.journeys, shop, jq({ segment: { device: 'mobile' } }), now));
      expect(empty.sessions).toBe(0);
    }, 60_000);
  });
});

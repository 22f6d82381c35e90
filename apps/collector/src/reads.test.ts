import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, startCollector as start, stopCollector as stop } from './spawn.ts';
import { post } from './test-batches.ts';

// The query API against a real collector and DuckDB, on a fixture small enough to count by hand:
//   a  /cart         desktop 1280 px, new visitor, from google     rage #pay (x 1, y 1), click #pay, INP 200 ms on #pay
//   b  /cart         mobile 390 px, utm_source=newsletter, plan=pro rage #pay (fixed, x 150, y 20), dead #coupon
//   c  /cart         desktop 1280 px, direct                        dead #coupon, INP 400 ms on #pay
//   d  /             desktop 1920 px, direct                        dead #logo
//   e  /product/12 → /product/34 (one session), desktop 1280 px    moves on #gallery, a form field, hovers, an error click
describe('collector reads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'touchmap-reads-'));
  let url = '';
  let proc: ChildProcess;
  let token = '';
  let otherToken = '';
  const get = (path: string, t = token) => fetch(`${url}${path}`, { headers: t ? { authorization: `Bearer ${t}` } : {} });
  const rows = async (path: string) => {
    const r = await get(path);
    const body = await r.json();
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(body)}`);
    return body.rows;
  };

  beforeAll(async () => {
    const key = JSON.parse(await cli(dir, 'site', 'add', 'shop')).key;
    await cli(dir, 'site', 'add', 'other');
    token = await cli(dir, 'token', 'create', 'shop');
    otherToken = await cli(dir, 'token', 'create', 'other');
    ({ url, proc } = await start(dir));
    const now = Date.now();
    const bodies: string[] = [];
    const view = async (sid: string, pv: string, page: string, pvExtra: object, extra: object[]) => {
      const body = JSON.stringify({ v: 1, site: key, sid, pv, bid: pv, sent: now, events: [{ id: `${pv}.0`, t: now, k: 'pv', url: page, nav: 'navigate', vw: 1280, vh: 720, sw: 1920, dev: 'd', ...pvExtra }, ...extra.map((e, i) => ({ id: `${pv}.${i + 1}`, t: now + i + 1, ...e }))] });
      bodies.push(body);
      expect((await post(url, body)).status).toBe(200);
    };
    const at = { ox: 0.5, oy: 0.5, x: 1, y: 1 };
    await view('a', 'pa', '/cart', { nv: 1, ref: 'https://www.google.com/search' }, [
      { k: 'rage', sel: '#pay', n: 4, ...at },
      { k: 'click', sel: '#pay', sx: 0, sy: 0, vw: 1280, vh: 720, ...at },
      { k: 'vital', name: 'INP', val: 200, r: 'good', sel: '#pay' },
      { k: 'scroll', d: 0.4, h: 2000 },
    ]);
    await view('b', 'pb', '/cart?coupon=1', { vw: 390, vh: 844, sw: 390, dev: 'm', utm: { s: 'Newsletter' } }, [
      { k: 'seg', traits: { plan: 'pro', beta: true } },
      { k: 'rage', sel: '#pay', n: 3, ox: 0.5, oy: 0.5, x: 150, y: 20, fx: 1 },
      { k: 'dead', sel: '#coupon', ...at },
      { k: 'scroll', d: 0.6, h: 2400 },
      { k: 'scroll', d: 0.9, h: 2400 },
    ]);
    await view('c', 'pc', '/cart', {}, [{ k: 'dead', sel: '#coupon', ...at }, { k: 'vital', name: 'INP', val: 400, r: 'needs-improvement', sel: '#pay' }, { k: 'scroll', d: 1, h: 2000 }]);
    await view('d', 'pd', '/', { vw: 1920 }, [{ k: 'dead', sel: '#logo', ...at }]);
    await view('e', 'pe1', '/product/12', {}, [
      { k: 'move', sel: '#gallery', pts: [10, 10, 90, 90] },
      { k: 'field', sel: '#postcode', a: 'focus' },
      { k: 'field', sel: '#postcode', a: 'invalid', why: 'patternMismatch' },
      { k: 'field', sel: '#postcode', a: 'refocus' },
      { k: 'hover', sel: '#size-guide', ms: 1200 },
      { k: 'hover', sel: '#size-guide', ms: 1800 },
      { k: 'hover', sel: '#size-guide', ms: 4000 },
    ]);
    await view('e', 'pe2', '/product/34', { nav: 'spa' }, [
      { k: 'move', sel: '#gallery', pts: [60, 20] },
      { k: 'errclick', sel: '#apply', msg: 'TypeError: coupon is undefined', ...at },
    ]);
    // Every batch retried: the counts below must not change (events, page views, signals, traits).
    for (const body of bodies) expect(await (await post(url, body)).json()).toMatchObject({ stored: 0 });
  }, 30_000);
  afterAll(async () => {
    await stop(proc);
    rmSync(dir, { recursive: true, force: true });
  });

  it("needs the site's own read token", async () => {
    expect((await get('/v1/sites/shop/pages', '')).status).toBe(401);
    expect((await get('/v1/sites/shop/pages', 'tmr_forged')).status).toBe(401);
    const other = await get('/v1/sites/shop/pages', otherToken);
    expect(other.status).toBe(403);
    expect((await other.json()).error).toMatch(/does not read this site/);
  });

  it('pages: sessions, views and friction per page group', async () => {
    expect(await rows('/v1/sites/shop/pages')).toEqual([
      { page: '/cart', urls: 2, sessions: 3, views: 3, clicks: 1, rage: 2, dead: 2, errors: 0 },
      { page: '/', urls: 1, sessions: 1, views: 1, clicks: 0, rage: 0, dead: 1, errors: 0 },
      { page: '/product/:id', urls: 2, sessions: 1, views: 2, clicks: 0, rage: 0, dead: 0, errors: 1 },
    ]);
  });

  it('segments: device, viewport band, new or returning, source, traits', async () => {
    expect(await rows('/v1/sites/shop/pages?device=mobile')).toEqual([{ page: '/cart', urls: 1, sessions: 1, views: 1, clicks: 0, rage: 1, dead: 1, errors: 0 }]);
    expect((await rows('/v1/sites/shop/pages?viewport=xl')).map((r: { page: string }) => r.page)).toEqual(['/']);
    expect((await rows('/v1/sites/shop/pages?visitor=new')).map((r: { sessions: number }) => r.sessions)).toEqual([1]);
    expect((await rows('/v1/sites/shop/pages?visitor=returning')).map((r: { page: string; sessions: number }) => [r.page, r.sessions])).toEqual([['/cart', 2], ['/', 1], ['/product/:id', 1]]);
    expect(await rows('/v1/sites/shop/hotspots?source=google.com')).toEqual([{ page: '/cart', sel: '#pay', rage: 1, dead: 0, errclick: 0, disabled: 0, sessions: 1 }]);
    // The session's source is its landing page's: the SPA page of session e is still "direct".
    expect((await rows('/v1/sites/shop/pages?source=direct')).map((r: { page: string }) => r.page)).toEqual(['/', '/cart', '/product/:id']);
    const pro = await rows('/v1/sites/shop/hotspots?trait=plan%3Apro');
    expect(pro.map((r: { sel: string }) => r.sel)).toEqual(['#coupon', '#pay']);
    expect(await rows('/v1/sites/shop/hotspots?trait=plan%3Apro&trait=beta%3Afalse')).toEqual([]);
    expect((await rows('/v1/sites/shop/hotspots?trait=plan%3Apro&trait=beta%3Atrue')).length).toBe(2);
  });

  it('hotspots: elements ranked by sessions affected, per page group, filtered, paged', async () => {
    const cart = await rows('/v1/sites/shop/hotspots?page=%2Fcart');
    expect(cart).toEqual([
      { page: '/cart', sel: '#coupon', rage: 0, dead: 2, errclick: 0, disabled: 0, sessions: 2 },
      { page: '/cart', sel: '#pay', rage: 2, dead: 0, errclick: 0, disabled: 0, sessions: 2 },
    ]);
    expect((await rows('/v1/sites/shop/hotspots?url=%2Fcart')).map((r: { sessions: number }) => r.sessions)).toEqual([1, 1]);
    const first = await (await get('/v1/sites/shop/hotspots?limit=1')).json();
    expect(first.next).toBe(1);
    const second = await (await get('/v1/sites/shop/hotspots?limit=1&offset=1')).json();
    expect(second.rows).toEqual([expect.objectContaining({ sel: '#pay' })]);
  });

  it('heatmap: points binned on each element box, per kind and page, with a page grid', async () => {
    const rage = await (await get('/v1/sites/shop/heatmap?page=%2Fcart&kind=rage&cell=100')).json();
    expect(rage.rows).toEqual([{ sel: '#pay', n: 2, bins: [[5, 5, 2]] }]);
    // Page coordinates per element, for elements that are gone; fixed elements' points are
    // viewport-relative. The fourth number is the element's index in `sels`.
    expect(rage.grid).toEqual({ cell: 100, sels: ['#pay'], page: [[0, 0, 1, 0]], fixed: [[1, 0, 1, 0]] });
    expect((await rows('/v1/sites/shop/heatmap?url=%2Fcart&kind=dead&bins=4'))).toEqual([{ sel: '#coupon', n: 1, bins: [[2, 2, 1]] }]);
    expect(await rows('/v1/sites/shop/heatmap?url=%2F&kind=dead')).toEqual([{ sel: '#logo', n: 1, bins: [[5, 5, 1]] }]);
    expect(await rows('/v1/sites/shop/heatmap?page=%2Fproduct%2F%3Aid&kind=move&bins=2')).toEqual([{ sel: '#gallery', n: 3, bins: [[0, 0, 1], [1, 0, 1], [1, 1, 1]] }]);
    for (const [q, message] of [['kind=dead', /^url: /], ['url=%2Fcart&kind=keystroke', /^kind: /], ['url=%2Fcart&bins=500', /^bins: /]] as const) {
      const r = await get(`/v1/sites/shop/heatmap?${q}`);
      expect(r.status, q).toBe(400);
      expect((await r.json()).error).toMatch(message);
    }
  });

  it('scroll: the depths 75%, 50% and 25% of page views reach (the deepest point per view)', async () => {
    // Cart views reached 0.4 of 2000 px, 0.9 of 2400 (0.6 then 0.9: the deepest counts) and 1.0 of 2000.
    expect(await (await get('/v1/sites/shop/scroll?page=%2Fcart')).json()).toEqual({
      views: 3,
      height: 2000,
      folds: [{ reach: 0.75, depth: 0.4, px: 800 }, { reach: 0.5, depth: 0.9, px: 2000 }, { reach: 0.25, depth: 1, px: 2160 }],
    });
    expect(await (await get('/v1/sites/shop/scroll?url=%2Fcart&device=desktop')).json()).toMatchObject({ views: 2, folds: [{ depth: 0.4 }, { depth: 0.4 }, { depth: 1 }] });
    expect(await (await get('/v1/sites/shop/scroll?url=%2Fnowhere')).json()).toEqual({ views: 0, height: null, folds: [] });
    expect((await get('/v1/sites/shop/scroll')).status).toBe(400);
  });

  it("element: one element's stats", async () => {
    const field = await (await get('/v1/sites/shop/element?sel=%23postcode')).json();
    expect(field).toMatchObject({ sel: '#postcode', kinds: { field: 3 }, sessions: 1, frictionSessions: 0, field: { focus: 1, invalid: 1, refocus: 1 }, invalidReasons: [{ why: 'patternMismatch', n: 1 }], pages: [{ page: '/product/:id', n: 3 }] });
    expect((await (await get('/v1/sites/shop/element?sel=%23size-guide')).json()).hoverMedianMs).toBe(1800);
    const pay = await (await get('/v1/sites/shop/element?sel=%23pay')).json();
    expect(pay).toMatchObject({ kinds: { rage: 2, vital: 2, click: 1 }, sessions: 3, frictionSessions: 2, inpP75: 350, hoverMedianMs: null });
    expect((await (await get('/v1/sites/shop/element?sel=%23pay&device=mobile')).json()).kinds).toEqual({ rage: 1 });
    expect((await (await get('/v1/sites/shop/element?sel=%23apply')).json()).errors).toEqual([{ msg: 'TypeError: coupon is undefined', n: 1 }]);
    expect((await get('/v1/sites/shop/element')).status).toBe(400);
  });

  it('export: raw events as CSV and Parquet, bounded and paged', async () => {
    const csv = await get('/v1/sites/shop/export?format=csv&page=%2Fcart');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="touchmap-shop-\d+-\d+\.csv"/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('id,t,received,k,sid,pv,url,page,sel,tp,ox,oy,x,y,fx,pts,data');
    expect(lines).toHaveLength(1 + 15);
    expect(csv.headers.get('x-touchmap-rows')).toBe('15');
    // Export pages are up to 1,000,000 rows, beyond the 1000 of other reads.
    expect((await get('/v1/sites/shop/export?format=csv&limit=5000')).headers.get('x-touchmap-rows')).toBe('28');
    expect((await get('/v1/sites/shop/export?format=csv&limit=2000000')).status).toBe(400);
    const paged = await get('/v1/sites/shop/export?format=csv&limit=5&offset=10');
    expect(paged.headers.get('x-touchmap-next-offset')).toBe('15');
    expect((await paged.text()).trim().split('\n')).toHaveLength(6);
    const parquet = await get('/v1/sites/shop/export?format=parquet');
    expect(parquet.headers.get('content-type')).toBe('application/vnd.apache.parquet');
    const bytes = Buffer.from(await parquet.arrayBuffer());
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
    // The file is a real Parquet file with every event of the site in it.
    const file = join(dir, 'export.parquet');
    (await import('node:fs')).writeFileSync(file, bytes);
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    const kinds = (await c.runAndReadAll(`select k, count(*) as n from read_parquet('${file}') group by k order by k`)).getRowObjectsJson();
    expect(Object.fromEntries(kinds.map((r) => [r.k, Number(r.n)]))).toEqual({ click: 1, dead: 3, errclick: 1, field: 3, hover: 3, move: 2, pv: 6, rage: 2, scroll: 4, seg: 1, vital: 2 });
    c.closeSync();
    db.closeSync();
    expect((await get('/v1/sites/shop/export?format=xlsx')).status).toBe(400);
  });

  it('refuses unbounded or malformed queries', async () => {
    for (const q of ['limit=100000', 'limit=abc', 'from=0&to=99999999999999', `from=${Date.now()}&to=${Date.now() - 1000}`, 'device=fridge', 'trait=nocolon']) {
      const r = await get(`/v1/sites/shop/pages?${q}`);
      expect(r.status, q).toBe(400);
      expect((await r.json()).error).toMatch(/limit|from|to|device|trait/);
    }
  });
});

import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Event } from '@touchmap/protocol';
import { cli, startCollector as start, stopCollector as stop } from './spawn.ts';

// Against a real collector process and a real DuckDB file: no mocked storage.
let n = 0;
const batch = (site: string, events = 3, overrides: Record<string, unknown> = {}) => {
  const now = Date.now();
  const pv = `pv${++n}`;
  return {
    v: 1,
    site,
    sid: 's1',
    pv,
    bid: `${pv}.0`,
    sent: now,
    events: Array.from({ length: events }, (_, i) => ({ id: `${pv}.${i}`, t: now, k: 'click', sel: '#pay', ox: 0.5, oy: 0.5, x: 10, y: 20, sx: 0, sy: 0, vw: 800, vh: 600 })),
    ...overrides,
  };
};
const post = (url: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
  fetch(`${url}/v1/batch`, { method: 'POST', body: body as BodyInit, headers: { 'content-type': 'text/plain', ...headers } });

describe('collector ingest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'touchmap-collector-'));
  let url = '';
  let proc: ChildProcess;
  let key = '';
  let lockedKey = '';
  let token = '';
  let secret = '';
  let lockedSecret = '';

  beforeAll(async () => {
    key = JSON.parse(await cli(dir, 'site', 'add', 'shop')).key;
    lockedKey = JSON.parse(await cli(dir, 'site', 'add', 'locked', '--origin', 'https://shop.example')).key;
    token = await cli(dir, 'token', 'create', 'shop');
    secret = await cli(dir, 'secret', 'create', 'shop');
    lockedSecret = await cli(dir, 'secret', 'create', 'locked');
    ({ url, proc } = await start(dir));
  }, 30_000);
  afterAll(async () => {
    if (proc.exitCode === null) await stop(proc);
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a valid batch once; a retried batch stores nothing twice', async () => {
    const b = JSON.stringify(batch(key, 5));
    const first = await post(url, b);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ stored: 5, duplicates: 0 });
    const again = await post(url, b);
    expect(await again.json()).toEqual({ stored: 0, duplicates: 5 });
  });

  it('answers concurrent senders all 200 (one DuckDB connection runs one query at a time)', async () => {
    const answers = await Promise.all(Array.from({ length: 64 }, () => post(url, JSON.stringify(batch(key, 20))).then((r) => r.status)));
    expect(answers.filter((s) => s !== 200)).toEqual([]);
  });

  it('takes server-side events with the site\'s secret key only', async () => {
    const events = (auth: string, site = key) =>
      fetch(`${url}/v1/events`, { method: 'POST', body: JSON.stringify(batch(site, 1, { events: [{ id: `ticket-${++n}`, t: Date.now(), k: 'tp', name: 'support-ticket' }] })), headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) } });
    const ok = await events(secret);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ stored: 1, duplicates: 0 });
    expect((await events('')).status).toBe(401);
    expect((await events(token)).status).toBe(401);
    const foreign = await events(lockedSecret);
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).error).toMatch(/does not write this site/);
  });

  it('describes itself: OpenAPI generated from the route schemas', async () => {
    const spec = await (await fetch(`${url}/v1/openapi.json`)).json();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/v1/batch', '/v1/events', '/v1/sites/{site}/pages', '/v1/sites/{site}/hotspots', '/v1/sites/{site}/heatmap']));
    const batchSchema = spec.paths['/v1/batch'].post.requestBody.content['text/plain'].schema;
    expect(batchSchema.required).toEqual(expect.arrayContaining(['v', 'site', 'sid', 'pv', 'bid', 'sent', 'events']));
    // Every event kind of the protocol is described, field by field.
    expect(batchSchema.properties.events.items.oneOf.map((e: { properties: { k: { const: string } } }) => e.properties.k.const)).toEqual(Event.options.map((o) => o.entries.k.literal));
    const heatParams = spec.paths['/v1/sites/{site}/heatmap'].get.parameters.map((p: { name: string }) => p.name);
    expect(heatParams).toEqual(expect.arrayContaining(['site', 'from', 'to', 'limit', 'offset', 'url', 'kind', 'bins']));
  });

  it('refuses bad input with a status and a message that says why', async () => {
    const cases: [string | Uint8Array, number, RegExp][] = [
      ['{"v":1,', 400, /not valid JSON/],
      [JSON.stringify({ ...batch(key), sid: 42 }), 400, /^sid: /],
      [JSON.stringify(batch(key, 1, { events: [{ id: 'x', t: Date.now(), k: 'click', sel: '#a', ox: 'left', oy: 0, x: 0, y: 0, sx: 0, sy: 0, vw: 1, vh: 1 }] })), 400, /^events\.0\.ox: /],
      [JSON.stringify(batch('no-such-key')), 401, /unknown site key/],
      [JSON.stringify(batch(key, 1, { events: [{ id: 'y', t: Date.now() + 10 * 86_400_000, k: 'track', name: 'x' }] })), 400, /events\.0\.t: /],
      [JSON.stringify(batch(key, 1, { events: [{ id: 'z', t: 1000, k: 'track', name: 'x' }] })), 400, /events\.0\.t: /],
      [new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), 400, /UTF-8/],
      ['x'.repeat(10 * 1024 * 1024), 413, /body over/],
    ];
    for (const [body, status, message] of cases) {
      const r = await post(url, body);
      expect(r.status, String(message)).toBe(status);
      expect((await r.json()).error).toMatch(message);
    }
  });

  it('takes script and SQL fragments in selectors and URLs as data', async () => {
    const hostile = `'); drop table events; -- <img src=x onerror=alert(1)>`;
    const b = batch(key, 1);
    (b.events[0] as Record<string, unknown>).sel = hostile;
    const r = await post(url, JSON.stringify(b));
    expect(await r.json()).toEqual({ stored: 1, duplicates: 0 });
    expect((await post(url, JSON.stringify(batch(key, 2)))).status).toBe(200);
  });

  it('checks the origin against the site; answers CORS so the SDK can read Retry-After', async () => {
    const denied = await post(url, JSON.stringify(batch(lockedKey)), { origin: 'https://evil.example' });
    expect(denied.status).toBe(403);
    expect((await denied.json()).error).toMatch(/evil\.example/);
    const allowed = await post(url, JSON.stringify(batch(lockedKey)), { origin: 'https://shop.example' });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(allowed.headers.get('access-control-expose-headers')).toMatch(/retry-after/);
    const pre = await fetch(`${url}/v1/batch`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-private-network')).toBe('true');
  });

});

describe('collector reads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'touchmap-reads-'));
  let url = '';
  let proc: ChildProcess;
  let key = '';
  let token = '';
  let otherToken = '';
  const get = (path: string, t = token) => fetch(`${url}${path}`, { headers: t ? { authorization: `Bearer ${t}` } : {} });

  beforeAll(async () => {
    key = JSON.parse(await cli(dir, 'site', 'add', 'shop')).key;
    await cli(dir, 'site', 'add', 'other');
    token = await cli(dir, 'token', 'create', 'shop');
    otherToken = await cli(dir, 'token', 'create', 'other');
    ({ url, proc } = await start(dir));
    // Three sessions on /cart: two rage on #pay, one dead click on #coupon; one session on /.
    const now = Date.now();
    const view = (sid: string, pv: string, page: string, extra: object[]) =>
      post(url, JSON.stringify({ v: 1, site: key, sid, pv, bid: pv, sent: now, events: [{ id: `${pv}.0`, t: now, k: 'pv', url: page, nav: 'navigate', vw: 800, vh: 600, sw: 800, dev: 'd' }, ...extra.map((e, i) => ({ id: `${pv}.${i + 1}`, t: now, ...e }))] }));
    const at = { ox: 0.5, oy: 0.5, x: 1, y: 1 };
    await view('a', 'pa', '/cart', [{ k: 'rage', sel: '#pay', n: 4, ...at }, { k: 'click', sel: '#pay', sx: 0, sy: 0, vw: 800, vh: 600, ...at }]);
    await view('b', 'pb', '/cart', [{ k: 'rage', sel: '#pay', n: 3, ...at }, { k: 'dead', sel: '#coupon', ...at }]);
    await view('c', 'pc', '/cart', [{ k: 'dead', sel: '#coupon', ...at }]);
    await view('d', 'pd', '/', [{ k: 'dead', sel: '#logo', ...at }]);
  }, 30_000);
  afterAll(async () => {
    await stop(proc);
    rmSync(dir, { recursive: true, force: true });
  });

  it('needs the site\'s own read token', async () => {
    expect((await get('/v1/sites/shop/pages', '')).status).toBe(401);
    expect((await get('/v1/sites/shop/pages', 'tmr_forged')).status).toBe(401);
    const other = await get('/v1/sites/shop/pages', otherToken);
    expect(other.status).toBe(403);
    expect((await other.json()).error).toMatch(/does not read this site/);
  });

  it('pages: sessions, views and friction per page', async () => {
    const r = await get('/v1/sites/shop/pages');
    expect(r.status).toBe(200);
    expect((await r.json()).rows).toEqual([
      { url: '/cart', sessions: 3, views: 3, clicks: 1, rage: 2, dead: 2, errors: 0 },
      { url: '/', sessions: 1, views: 1, clicks: 0, rage: 0, dead: 1, errors: 0 },
    ]);
  });

  it('hotspots: elements ranked by sessions affected, filtered by page, paged', async () => {
    const cart = (await (await get('/v1/sites/shop/hotspots?url=%2Fcart')).json()).rows;
    expect(cart).toEqual([
      { sel: '#coupon', rage: 0, dead: 2, errclick: 0, disabled: 0, sessions: 2 },
      { sel: '#pay', rage: 2, dead: 0, errclick: 0, disabled: 0, sessions: 2 },
    ]);
    const second = (await (await get('/v1/sites/shop/hotspots?limit=1&offset=1')).json()).rows;
    expect(second).toHaveLength(1);
    expect(second[0].sel).toBe('#pay');
  });

  it('heatmap: points binned on each element box, per kind and page', async () => {
    const rage = (await (await get('/v1/sites/shop/heatmap?url=%2Fcart&kind=rage')).json()).rows;
    expect(rage).toEqual([{ sel: '#pay', n: 2, bins: [[5, 5, 2]] }]);
    const dead = (await (await get('/v1/sites/shop/heatmap?url=%2Fcart&kind=dead&bins=4')).json()).rows;
    expect(dead).toEqual([{ sel: '#coupon', n: 2, bins: [[2, 2, 2]] }]);
    expect((await (await get('/v1/sites/shop/heatmap?url=%2F&kind=dead')).json()).rows).toEqual([{ sel: '#logo', n: 1, bins: [[5, 5, 1]] }]);
    const noUrl = await get('/v1/sites/shop/heatmap?kind=dead');
    expect(noUrl.status).toBe(400);
    expect((await noUrl.json()).error).toMatch(/^url: /);
    const badKind = await get('/v1/sites/shop/heatmap?url=%2Fcart&kind=keystroke');
    expect(badKind.status).toBe(400);
    expect((await badKind.json()).error).toMatch(/^kind: /);
  });

  it('refuses unbounded or malformed queries', async () => {
    for (const q of ['limit=100000', 'limit=abc', 'from=0&to=99999999999999', `from=${Date.now()}&to=${Date.now() - 1000}`]) {
      const r = await get(`/v1/sites/shop/pages?${q}`);
      expect(r.status, q).toBe(400);
      expect((await r.json()).error).toMatch(/limit|from|to/);
    }
  });
});

describe('collector rate limit', () => {
  it('answers 429 with Retry-After over the per-site rate, and stores the rest', { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'touchmap-rate-'));
    const key = JSON.parse(await cli(dir, 'site', 'add', 'shop')).key;
    const { url, proc } = await start(dir, '--rate', '5');
    try {
      const answers = await Promise.all(Array.from({ length: 30 }, () => post(url, JSON.stringify(batch(key, 1)))));
      const limited = answers.filter((r) => r.status === 429);
      expect(answers.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(10);
      expect(limited.length).toBeGreaterThan(0);
      expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await limited[0]!.json()).error).toMatch(/over 5 batches a second/);
    } finally {
      await stop(proc);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('collector durability', () => {
  // Its own data directory and process: one retry in a loaded CI starts clean, and a failure
  // says what the collector answered.
  it('loses nothing it acknowledged when killed with SIGKILL', { retry: 1, timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'touchmap-kill-'));
    try {
      const key = JSON.parse(await cli(dir, 'site', 'add', 'shop')).key;
      let { url, proc } = await start(dir);
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => post(url, JSON.stringify(batch(key, 10))).then(async (r) => ({ status: r.status, body: (await r.json()) as { stored?: number } }))),
      );
      const acked = answers.filter((a) => a.status === 200).reduce((s, a) => s + (a.body.stored ?? 0), 0);
      expect(acked, JSON.stringify(answers)).toBe(200);
      await stop(proc, 'SIGKILL');
      expect(Number(await cli(dir, 'events', 'count', '--site', 'shop'))).toBe(acked);
      ({ url, proc } = await start(dir));
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      await stop(proc);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

});

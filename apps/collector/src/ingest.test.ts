import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Event } from '@touchmap/protocol';
import { cli, startCollector as start, stopCollector as stop } from './spawn.ts';
import { batch, nextId, post } from './test-batches.ts';

// Against a real collector process and a real DuckDB file: no mocked storage.
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
      fetch(`${url}/v1/events`, { method: 'POST', body: JSON.stringify(batch(site, 1, { events: [{ id: `ticket-${nextId()}`, t: Date.now(), k: 'tp', name: 'support-ticket' }] })), headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) } });
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
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/v1/batch', '/v1/events', '/v1/sites/{site}/pages', '/v1/sites/{site}/hotspots', '/v1/sites/{site}/heatmap', '/v1/sites/{site}/element', '/v1/sites/{site}/export', '/v1/sites/{site}/journey']));
    expect(spec.paths['/v1/sites/{site}/journey'].put.requestBody.content['application/json'].schema.required).toEqual(['touchpoints']);
    const batchSchema = spec.paths['/v1/batch'].post.requestBody.content['text/plain'].schema;
    expect(batchSchema.required).toEqual(expect.arrayContaining(['v', 'site', 'sid', 'pv', 'bid', 'sent', 'events']));
    // Every event kind of the protocol is described, field by field.
    expect(batchSchema.properties.events.items.oneOf.map((e: { properties: { k: { const: string } } }) => e.properties.k.const)).toEqual(Event.options.map((o) => o.entries.k.literal));
    expect(spec.paths['/v1/admin/sites/{site}'].delete.security).toEqual([{ adminToken: [] }]);
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

  it('stores a label cut mid-emoji (a lone surrogate) instead of refusing the batch', async () => {
    const b = batch(key, 1);
    Object.assign(b.events[0]!, { tx: 'Pay \ud83d', sel: '#pay-\udc00' });
    const r = await post(url, JSON.stringify(b));
    expect(await r.json()).toEqual({ stored: 1, duplicates: 0 });
    const el = await fetch(`${url}/v1/sites/shop/element?sel=${encodeURIComponent('#pay-\ufffd')}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await el.json()).kinds).toEqual({ click: 1 });
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

  const BOTS = {
    googlebot: 'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/141.0.7390.122 Safari/537.36',
    lighthouse: 'Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse',
    headless: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36',
    script: 'node',
  };

  it("answers a bot's batch 200 and stores none of it; the server-side API is not judged by User-Agent", async () => {
    for (const [who, ua] of Object.entries(BOTS)) {
      const b = JSON.stringify(batch(key, 4));
      const r = await post(url, b, { 'user-agent': ua });
      expect({ who, status: r.status, body: await r.json() }).toEqual({ who, status: 200, body: { stored: 0, duplicates: 0, ignored: 'bot' } });
      // Nothing of it was stored: the same batch from a visitor's browser is all new.
      expect(await (await post(url, b)).json()).toEqual({ stored: 4, duplicates: 0 });
    }
    // Unknown keys and foreign origins are refused before anything else, bots or not.
    expect((await post(url, JSON.stringify(batch('nope')), { 'user-agent': BOTS.googlebot })).status).toBe(401);
    expect((await post(url, JSON.stringify(batch(lockedKey)), { 'user-agent': BOTS.googlebot, origin: 'https://evil.example' })).status).toBe(403);
    // A site's backend sends with its own client's User-Agent and the secret key.
    const server = await post(url, JSON.stringify(batch(key, 1, { events: [{ id: `ticket-${nextId()}`, t: Date.now(), k: 'tp', name: 'support-ticket' }] })), { 'user-agent': 'node', authorization: `Bearer ${secret}` }, '/v1/events');
    expect(await server.json()).toEqual({ stored: 1, duplicates: 0 });
  });

  it('keeps bots\' batches with `--bots keep`', async () => {
    await stop(proc);
    ({ url, proc } = await start(dir, '--bots', 'keep'));
    const r = await post(url, JSON.stringify(batch(key, 2)), { 'user-agent': BOTS.googlebot });
    expect(await r.json()).toEqual({ stored: 2, duplicates: 0 });
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

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, startCollector as start, stopCollector as stop, type Running } from './spawn.ts';

const journey = (stage = 'decision') => ({
  touchpoints: [
    { id: 'cart', stage: 'decision', match: { url: '/cart' } },
    { id: 'pay', stage, match: { step: 'checkout:payment' }, momentOfTruth: true },
  ],
  funnels: [{ id: 'checkout', steps: ['cart', 'pay'] }],
});

describe('journey definitions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'touchmap-journey-'));
  let c: Running;
  let token = '';
  let secret = '';
  let otherSecret = '';
  let admin = '';
  const put = (body: unknown, auth: string, site = 'shop') =>
    fetch(`${c.url}/v1/sites/${site}/journey`, { method: 'PUT', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) } });
  const get = (path: string, auth = token) => fetch(`${c.url}/v1/sites/shop/${path}`, { headers: auth ? { authorization: `Bearer ${auth}` } : {} });

  beforeAll(async () => {
    await cli(dir, 'site', 'add', 'shop');
    await cli(dir, 'site', 'add', 'other');
    token = await cli(dir, 'token', 'create', 'shop');
    secret = await cli(dir, 'secret', 'create', 'shop');
    otherSecret = await cli(dir, 'secret', 'create', 'other');
    c = await start(dir);
    admin = readFileSync(join(dir, 'admin.token'), 'utf8').trim();
  }, 30_000);
  afterAll(async () => {
    await stop(c.proc);
    rmSync(dir, { recursive: true, force: true });
  });

  it('is set with the secret key or the admin token, never a read token; each PUT is a new version', async () => {
    expect((await get('journey')).status).toBe(404);
    expect((await put(journey(), '')).status).toBe(401);
    const readOnly = await put(journey(), token);
    expect(readOnly.status).toBe(403);
    expect((await readOnly.json()).error).toMatch(/can only read.*--edit/);
    expect((await put(journey(), otherSecret)).status).toBe(403);
    const first = await put(journey(), secret);
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ version: 1, source: 'api' });
    expect(await (await put({ ...journey(), stages: [{ id: 'decision', name: 'Buy' }] }, admin)).json()).toMatchObject({ version: 2 });
    const latest = await (await get('journey')).json();
    expect(latest).toMatchObject({ version: 2, journey: { stages: [{ id: 'decision', name: 'Buy' }] } });
    // Earlier versions stay, so an old map stays explainable.
    const v1 = await (await get('journey?version=1')).json();
    expect(v1.journey.stages.map((s: { id: string }) => s.id)).toEqual(['awareness', 'consideration', 'decision', 'onboarding', 'usage', 'support', 'retention', 'advocacy']);
    expect((await (await get('journey/versions')).json()).versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect((await get('journey?version=9')).status).toBe(404);
    expect((await get('journey', '')).status).toBe(401);
  });

  it('refuses an invalid definition with errors that name the problem', async () => {
    const r = await put(journey('checkout'), secret);
    expect(r.status).toBe(400);
    const body = await r.json();
    expect(body.error).toBe('touchpoints.1.stage: unknown stage "checkout" (stages: awareness, consideration, decision, onboarding, usage, support, retention, advocacy)');
    const dup = await (await put({ touchpoints: [journey().touchpoints[0], journey().touchpoints[0]], funnels: [{ id: 'f', steps: ['cart', 'nope'] }] }, secret)).json();
    expect(dup.errors).toEqual(['touchpoints.1.id: duplicate id "cart"', 'funnels.0.steps.1: step "nope" matches no touchpoint']);
    expect((await (await put('{"touchpoints": [', secret)).json()).error).toMatch(/not valid JSON/);
  });

  it('is set from a journey.json with the CLI, running or not', { timeout: 60_000 }, async () => {
    const file = join(dir, 'journey.json');
    writeFileSync(file, JSON.stringify(journey()));
    expect(JSON.parse(await cli(dir, 'journey', 'set', 'shop', file))).toMatchObject({ source: 'file' });
    writeFileSync(file, JSON.stringify(journey('checkout')));
    await expect(cli(dir, 'journey', 'set', 'shop', file)).rejects.toThrow(/invalid journey:\s+touchpoints\.1\.stage: unknown stage "checkout"/);
    await stop(c.proc);
    writeFileSync(file, JSON.stringify(journey()));
    expect(JSON.parse(await cli(dir, 'journey', 'set', 'shop', file))).toMatchObject({ version: 4, source: 'file' });
    c = await start(dir);
    expect((await (await get('journey')).json()).source).toBe('file');
  });

  it('an edit token tags a touchpoint on an element: a new version, merged on the server', { timeout: 30_000 }, async () => {
    const edit = await cli(dir, 'token', 'create', 'shop', '--edit');
    expect(edit).toMatch(/^tme_/);
    const who = await fetch(`${c.url}/v1/token`, { headers: { authorization: `Bearer ${edit}` } });
    expect(await who.json()).toEqual({ site: 'shop', role: 'edit', origins: [] });
    expect(await (await fetch(`${c.url}/v1/token`, { headers: { authorization: `Bearer ${token}` } })).json()).toEqual({ site: 'shop', role: 'read', origins: [] });
    expect((await fetch(`${c.url}/v1/token`)).status).toBe(401);
    const tag = (body: unknown, auth = edit) =>
      fetch(`${c.url}/v1/sites/shop/journey/touchpoints`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${auth}` } });
    const before = (await (await get('journey')).json()) as { version: number; journey: { touchpoints: { id: string }[] } };
    const hostile = '<img src=x onerror=alert(1)>';
    const r = await tag({ name: 'Gift wrap', stage: 'decision', selector: `#gift[data-x="${hostile}"]`, momentOfTruth: true });
    expect(r.status).toBe(201);
    expect(await r.json()).toMatchObject({ version: before.version + 1, source: 'overlay', touchpoint: { id: 'gift-wrap', match: { selector: `#gift[data-x="${hostile}"]` }, momentOfTruth: true } });
    const after = (await (await get('journey')).json()) as typeof before;
    expect(after.journey.touchpoints.map((t) => t.id)).toEqual([...before.journey.touchpoints.map((t) => t.id), 'gift-wrap']);
    // A second tag of the same name gets its own id; an unknown stage, a read token, a bad body are refused.
    expect(await (await tag({ name: 'Gift wrap', stage: 'decision', selector: '#gift2' })).json()).toMatchObject({ touchpoint: { id: 'gift-wrap-2' } });
    expect((await tag({ id: 'gift-wrap', name: 'x', stage: 'decision', selector: '#g' })).status).toBe(409);
    const unknown = await tag({ name: 'Wrap', stage: 'checkout', selector: '#g' });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error).toMatch(/unknown stage "checkout"/);
    expect((await tag({ name: 'Wrap', stage: 'decision', selector: '#g' }, token)).status).toBe(403);
    expect((await (await tag({ name: '', stage: 'decision', selector: '#g' })).json()).error).toMatch(/^name: /);
    // The overlay reads from the site's origin: reads answer CORS preflights.
    const pre = await fetch(`${c.url}/v1/sites/shop/journey/touchpoints`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/authorization/);
  });
});

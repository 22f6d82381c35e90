import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '@touchmap/journey';
import { shop } from '../../../packages/journey/src/fixture.test-support.ts';
import { batches, journeyFixtures, richJourney } from './journey-fixture.test-support.ts';
import { cli, startCollector as start, stopCollector as stop, type Running } from './spawn.ts';
import { post } from './test-batches.ts';

// The journey queries run in SQL; packages/journey's pure functions are the reference. Both
// read the same events — the ten hand-counted sessions and a hundred more for pain points, and
// the rich journey's (journey-fixture.test-support.ts) — and must give the same answers, number
// for number.
const HOUR = 3_600_000;
const base = Date.now() - 3 * HOUR;
const { events, ticket, richEvents } = journeyFixtures(base);

describe('journey queries (SQL) against the model (pure functions)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'touchmap-jq-'));
  let c: Running;
  let token = '';
  const get = async (path: string) => {
    const r = await fetch(`${c.url}/v1/sites/shop/${path}`, { headers: { authorization: `Bearer ${token}` } });
    const body = await r.json();
    if (r.status !== 200) await new Promise((ok) => setTimeout(ok, 300));
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(body)} ${JSON.stringify(c.logs.filter((l) => Number(l.level) >= 50)).slice(0, 1500)}`);
    return body;
  };
  const expected = analyze(shop, events, { now: Date.now() });

  beforeAll(async () => {
    const key = JSON.parse(await cli(dir, 'site', 'add', 'shop')).key;
    token = await cli(dir, 'token', 'create', 'shop');
    const secret = await cli(dir, 'secret', 'create', 'shop');
    c = await start(dir);
    const put = await fetch(`${c.url}/v1/sites/shop/journey`, { method: 'PUT', body: JSON.stringify(shop), headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' } });
    expect(put.status).toBe(201);
    // …sent to POST /v1/events with the secret key, as a CRM would.
    const offsite = await post(c.url, JSON.stringify(batches(key, [ticket])[0]), { authorization: `Bearer ${secret}` }, '/v1/events');
    expect(offsite.status).toBe(200);
    const all = batches(key, events.filter((e) => e !== ticket));
    for (let i = 0; i < all.length; i += 25) {
      const answers = await Promise.all(all.slice(i, i + 25).map((b) => post(c.url, JSON.stringify(b))));
      expect(answers.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    }
  }, 60_000);
  afterAll(async () => {
    await stop(c.proc);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the journey map: every stage and touchpoint, survey answers included', async () => {
    const map = await get(`journey/map?from=${base - HOUR}`);
    expect(map.version).toBe(1);
    expect(map.sessions).toBe(expected.sessions);
    expect(map.stages).toEqual(expected.stages);
    expect(map.stages.find((st: { id: string }) => st.id === 'decision').emotion.survey).toEqual({ score: 0.25, n: 2 });
    expect(map.stages.find((st: { id: string }) => st.id === 'support').touchpoints[0]).toMatchObject({ id: 'ticket', reach: 1 });
  });

  it('the funnel: reach, conversion, time to next, abandonment and its evidence', async () => {
    const funnel = await get(`funnels/checkout?from=${base - HOUR}`);
    const { version: _v, range: _r, ...report } = funnel;
    expect(report).toEqual(expected.funnels[0]);
  });

  it('compares two periods side by side; filters by segment', async () => {
    const map = await get(`journey/map?from=${base - HOUR}&compareFrom=${base - 30 * HOUR}&compareTo=${base - 20 * HOUR}`);
    expect(map.compare.range).toEqual({ from: base - 30 * HOUR, to: base - 20 * HOUR });
    expect(map.compare.sessions).toBe(0);
    expect(map.compare.stages.map((st: { sessions: number }) => st.sessions)).toEqual(map.stages.map(() => 0));
    expect(map.stages.find((st: { id: string }) => st.id === 'decision').sessions).toBeGreaterThan(0);
    // Every fixture page view is a desktop one.
    expect((await get(`journey/map?from=${base - HOUR}&device=mobile`)).sessions).toBe(0);
    expect((await get(`funnels/checkout?from=${base - HOUR}&device=desktop`)).entered).toBe(expected.funnels[0]!.entered);
  });

  it('says what is missing: an unknown funnel, a half-given compare period', async () => {
    const r = await fetch(`${c.url}/v1/sites/shop/funnels/signup`, { headers: { authorization: `Bearer ${token}` } });
    expect(r.status).toBe(404);
    expect((await r.json()).error).toMatch(/no funnel signup/);
    const half = await fetch(`${c.url}/v1/sites/shop/pain-points?compareFrom=1`, { headers: { authorization: `Bearer ${token}` } });
    expect(half.status).toBe(400);
    expect((await half.json()).error).toMatch(/compareFrom\/compareTo/);
    expect((await fetch(`${c.url}/v1/sites/shop/journey/map`)).status).toBe(401);
  });

  // Three CLI runs (a second or more each under load) before the first query: the default 5 s is too tight.
  it('element, data-touchpoint and track rules, a touchpoint by element and URL, same-millisecond events', { timeout: 30_000 }, async () => {
    const key = JSON.parse(await cli(dir, 'site', 'add', 'rich')).key;
    const secret = await cli(dir, 'secret', 'create', 'rich');
    const richToken = await cli(dir, 'token', 'create', 'rich');
    const put = await fetch(`${c.url}/v1/sites/rich/journey`, { method: 'PUT', body: JSON.stringify(richJourney), headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' } });
    expect(put.status).toBe(201);
    const all = batches(key, richEvents);
    for (let i = 0; i < all.length; i += 25) {
      const answers = await Promise.all(all.slice(i, i + 25).map((b) => post(c.url, JSON.stringify(b))));
      expect(answers.map((r) => r.status).filter((st) => st !== 200)).toEqual([]);
    }
    const read = async (path: string) => (await fetch(`${c.url}/v1/sites/rich/${path}?from=${base - HOUR}`, { headers: { authorization: `Bearer ${richToken}` } })).json();
    const want = analyze(richJourney, richEvents, { now: Date.now() });
    const map = await read('journey/map');
    expect(map.sessions).toBe(want.sessions);
    expect(map.stages).toEqual(want.stages);
    expect(map.stages.find((st: { id: string }) => st.id === 'decision').touchpoints.find((t: { id: string }) => t.id === 'pay').reach).toBeGreaterThan(0);
    // The hash-routed help articles: every third session reads one; the others only an anchor or the router's home.
    expect(map.stages.find((st: { id: string }) => st.id === 'support').touchpoints.find((t: { id: string }) => t.id === 'article').reach).toBe(24);
    const { version: _v, range: _r, ...funnel } = await read('funnels/buy');
    expect(funnel).toEqual(want.funnels[0]);
    const pains = await read('pain-points');
    expect(pains.ranked).toEqual(want.painPoints.ranked);
    expect(pains.notEnoughData).toEqual(want.painPoints.notEnoughData);
    expect(pains.meanOrderValue).toBe(want.painPoints.meanOrderValue);
    expect(pains.ranked.length + pains.notEnoughData.length).toBeGreaterThan(0);
  });

  it('pain points: ranked by the lower bound of sessions lost, with evidence', async () => {
    const pains = await get(`pain-points?from=${base - HOUR}`);
    expect(pains.ranked).toEqual(expected.painPoints.ranked);
    expect(pains.notEnoughData).toEqual(expected.painPoints.notEnoughData);
    expect(pains.meanOrderValue).toBe(expected.painPoints.meanOrderValue);
    // S5 of the ten dead-clicks there too: A = 41 (10 convert), U = 64 (52 convert): (52/64 − 10/41) × 41.
    expect(pains.ranked[0]).toMatchObject({ touchpoint: 'payment', kind: 'dead', affected: 41, unaffected: 64, sessionsLost: 23.31, proven: true });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Batch } from '@touchmap/protocol';
import { cli, startCollector, stopCollector, type Running } from './spawn.ts';
import { post } from './test-batches.ts';
import { freePort, haveClickHouse, startClickHouse, type ClickHouseServer } from './store/clickhouse-server.test-support.ts';
import { openClickHouseStore } from './store/clickhouse.ts';
import { readsFixture } from './store/contract-fixture.test-support.ts';
import { batches as journeyBatches, journeyFixtures, richJourney } from './journey-fixture.test-support.ts';
import { shop } from '../../../packages/journey/src/fixture.test-support.ts';
import type { Query, Store } from './store/store.ts';

// Collectors on ClickHouse 18.16 as they run in production: several processes sharing one
// server, the server going away mid-ingest, and a sharded cluster. Real processes, real servers.

if (process.env.CI && !haveClickHouse()) throw new Error('ClickHouse 18.16 is not installed (apt-get install clickhouse-server)');
const KEY = 'many-collectors';
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(cleanup.map((f) => f()));
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'touchmap-chc-'));
  cleanup.push(async () => rmSync(d, { recursive: true, force: true }));
  return d;
};
const server = async (...args: Parameters<typeof startClickHouse>) => {
  const s = await startClickHouse(...args);
  cleanup.push(() => s.stop());
  return s;
};
const collector = async (dir: string, ch: ClickHouseServer) => {
  const c = await startCollector(dir, '--store', ch.store, '--rate', '100000');
  cleanup.push(() => stopCollector(c.proc));
  return c;
};
const send = (c: Running, b: Batch) => post(c.url, JSON.stringify(b));
const eventsIn = (batches: Batch[]) => batches.reduce((n, b) => n + b.events.length, 0);
/** Runs `f` over `xs`, `width` at a time. */
async function inParallel<T>(xs: T[], width: number, f: (x: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < xs.length) {
      const i = next++;
      await f(xs[i]!, i);
    }
  }));
}

describe.skipIf(!haveClickHouse())('collectors on ClickHouse 18.16', () => {
  it('two collectors ingesting into one server at once, with retries and duplicated batches, store every event once', async () => {
    const ch = await server();
    const [dirA, dirB] = [tempDir(), tempDir()];
    const a = await collector(dirA, ch);
    const b = await collector(dirB, ch);
    await cli(dirA, 'site', 'add', 'shop', '--key', KEY, '--store', ch.store);
    const batches = readsFixture(KEY, Date.now(), 80).slice(0, -1);
    // Every batch to both collectors at the same moment, then once more to one of them (a
    // retry after a lost answer): three copies of each, racing.
    const acked = new Set<string>();
    await inParallel(batches, 8, async (batch, i) => {
      const answers = await Promise.all([send(a, batch), send(b, batch)]);
      const again = await send(i % 2 ? a : b, batch);
      for (const r of [...answers, again]) {
        expect(r.status).toBe(200);
        await r.body?.cancel();
      }
      acked.add(batch.bid);
    });
    expect(acked.size).toBe(batches.length);
    const total = eventsIn(batches);
    expect(Number(await cli(dirA, 'events', 'count', '--store', ch.store))).toBe(total);
    expect(Number(await cli(dirB, 'events', 'count', '--store', ch.store))).toBe(total);
    // Each event id once, read as every query reads (deduplicated).
    const r = await fetch(`${ch.url}/?database=touchmap`, { method: 'POST', body: `select count() as n, uniqExact(id) as ids from events final format JSONEachRow` });
    expect(await r.json()).toEqual({ n: String(total), ids: String(total) });
  }, 120_000);

  it('a server that goes away mid-ingest: 503 with Retry-After, nothing acknowledged lost, and recovery when it returns', async () => {
    const ch = await server();
    const dir = tempDir();
    const c = await collector(dir, ch);
    await cli(dir, 'site', 'add', 'shop', '--key', KEY, '--store', ch.store);
    const token = await cli(dir, 'token', 'create', 'shop', '--store', ch.store);
    const batches = readsFixture(KEY, Date.now(), 90).slice(0, -1);
    const pending = new Set(batches.map((b) => b.bid));
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    let killed = false;
    await inParallel(batches, 4, async (batch, i) => {
      if (i === Math.floor(batches.length / 3) && !killed) {
        killed = true;
        await ch.kill('SIGKILL');
      }
      const r = await send(c, batch);
      statuses.push(r.status);
      if (r.status === 200) pending.delete(batch.bid);
      else retryAfter ??= r.headers.get('retry-after');
      await r.body?.cancel();
    });
    // While it is down, reads say so too.
    const read = await fetch(`${c.url}/v1/sites/shop/pages`, { headers: { authorization: `Bearer ${token}` } });
    expect(read.status).toBe(503);
    expect(read.headers.get('retry-after')).toBeTruthy();
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(batches.length / 2);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(retryAfter).toBe('5');
    // Back: the senders retry what was refused, until acknowledged.
    await ch.restart();
    for (let round = 0; pending.size && round < 50; round++) {
      for (const batch of batches.filter((b) => pending.has(b.bid))) {
        const r = await send(c, batch);
        if (r.status === 200) pending.delete(batch.bid);
        await r.body?.cancel();
      }
      if (pending.size) await new Promise((ok) => setTimeout(ok, 200));
    }
    expect(pending.size).toBe(0);
    expect(Number(await cli(dir, 'events', 'count', '--store', ch.store))).toBe(eventsIn(batches));
    const after = await fetch(`${c.url}/v1/sites/shop/pages`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(200);
  }, 120_000);

  it('a 2-shard Distributed cluster answers as one server does', async () => {
    const ports = [await freePort(), await freePort(), await freePort(), await freePort()];
    const shard = (tcp: number) => `<shard><replica><host>127.0.0.1</host><port>${tcp}</port></replica></shard>`;
    const remoteServers = `<touchmap_2>${shard(ports[1]!)}${shard(ports[3]!)}</touchmap_2>`;
    const [one, two] = [await server({ http: ports[0], tcp: ports[1], remoteServers }), await server({ http: ports[2], tcp: ports[3], remoteServers })];
    const single = await server();
    // Each node needs the schema (no ON CLUSTER without Keeper): node 2's is made by opening it once.
    await (await openClickHouseStore(`${two.store}?cluster=touchmap_2`)).close();
    const stores: [string, Store][] = [['cluster', await openClickHouseStore(`${one.store}?cluster=touchmap_2`)], ['single', await openClickHouseStore(single.store)]];
    cleanup.push(async () => {
      for (const [, s] of stores) await s.close();
    });
    const now = Date.now();
    const batches = readsFixture(KEY, now, 60);
    // The journey fixtures (hand-counted shop sessions, the rich journey's) three hours ago.
    const { events, richEvents } = journeyFixtures(now - 3 * 3_600_000);
    const answers: Record<string, unknown>[] = [];
    for (const [, store] of stores) {
      const site = await store.addSite({ name: 'shop', key: KEY, origins: [] });
      await Promise.all(batches.map((b) => store.ingest(site, b, now)));
      const journeys = await store.addSite({ name: 'journeys', key: 'journey-key', origins: [] });
      await Promise.all([...journeyBatches('journey-key', events), ...journeyBatches('journey-key', richEvents)].map((b) => store.ingest(journeys, b as unknown as Batch, now)));
      const jq: Query = { from: now - 5 * 3_600_000, to: now, limit: 100, offset: 0, segment: {} };
      const q: Query = { from: now - 7_200_000, to: now, limit: 100, offset: 0, segment: {} };
      answers.push({
        count: await store.countEvents('shop'),
        pages: await store.pages(site, q),
        pagesOfNewVisitors: await store.pages(site, { ...q, segment: { visitor: 'new', traits: [['plan', 'pro']] } }),
        hotspots: await store.hotspots(site, q),
        heatmap: await store.heatmap(site, { ...q, page: '/cart', kind: 'click', bins: 8, cell: 32 }),
        element: await store.element(site, { ...q, sel: '#express' }),
        scroll: await store.scrollDepth(site, { ...q, page: '/cart' }),
        journeyMap: await store.journeyMap(journeys, shop, jq, now),
        funnel: await store.funnel(journeys, shop, 'checkout', jq, now),
        richFunnel: await store.funnel(journeys, richJourney, 'buy', jq, now),
        richDesktop: await store.journeyMap(journeys, richJourney, { ...jq, segment: { device: 'desktop' } }, now),
        painPoints: await store.painPoints(journeys, shop, jq, now),
      });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]!.count).toBe(eventsIn(batches.slice(0, -1)));
    // The hand-counted funnel (journey-queries.test.ts): not two equally empty answers.
    expect((answers[0]!.funnel as { entered: number }).entered).toBeGreaterThan(100);
    // Both shards hold part of the events, each session whole on one of them.
    const local = async (s: ClickHouseServer, sql: string) => (await (await fetch(`${s.url}/?database=touchmap`, { method: 'POST', body: sql })).text()).trim();
    const [n1, n2] = [Number(await local(one, 'select count() from events_local final')), Number(await local(two, 'select count() from events_local final'))];
    expect(n1).toBeGreaterThan(0);
    expect(n2).toBeGreaterThan(0);
    expect(n1 + n2).toBe(await stores[0]![1].countEvents());
    const sids1 = (await local(one, 'select distinct sid from events_local')).split('\n');
    const sids2 = new Set((await local(two, 'select distinct sid from events_local')).split('\n'));
    expect(sids1.filter((s) => sids2.has(s))).toEqual([]);
  }, 120_000);
});

// `pnpm bench:collector`: the collector's ingest throughput and latency with concurrent senders
// on loopback (autocannon, bounded in time), and read-query latency at 1M and 10M stored
// events. Numbers go to bench/README.md; nothing here is a test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { DuckDBInstance } from '@duckdb/node-api';
import { cli, startCollector, stopCollector } from '../../apps/collector/src/spawn.ts';

const EVENTS_PER_BATCH = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);

async function ingest(connections: number) {
  const dir = mkdtempSync(join(tmpdir(), 'touchmap-bench-'));
  const key = JSON.parse(await cli(dir, 'site', 'add', 'bench')).key as string;
  // The per-site rate limit would measure itself: lifted.
  const { url, proc } = await startCollector(dir, '--rate', '1000000');
  let n = 0;
  // Every request a new batch: unique event ids, so every event is really stored.
  const body = () => {
    const pv = `pv${++n}`;
    const t = Date.now();
    return JSON.stringify({
      v: 1, site: key, sid: `s${n % 1000}`, pv, bid: pv, sent: t,
      events: Array.from({ length: EVENTS_PER_BATCH }, (_, i) => ({ id: `${pv}.${i}`, t, k: 'click', sel: `#b${i % 40}`, ox: 0.5, oy: 0.5, x: 10 * i, y: 20, sx: 0, sy: 0, vw: 1280, vh: 720 })),
    });
  };
  const result = await autocannon({
    url: `${url}/v1/batch`,
    method: 'POST',
    connections,
    duration: SECONDS,
    headers: { 'content-type': 'text/plain' },
    requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }],
  });
  await stopCollector(proc);
  const stored = Number(await cli(dir, 'events', 'count'));
  rmSync(dir, { recursive: true, force: true });
  return {
    connections,
    requestsPerSec: result.requests.average,
    eventsPerSec: Math.round(stored / SECONDS),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    stored,
  };
}

/** A site with `events` synthetic events (100 pages, 40 elements, 5 kinds), built in SQL. */
async function seeded(events: number) {
  const dir = mkdtempSync(join(tmpdir(), 'touchmap-bench-q-'));
  await cli(dir, 'site', 'add', 'bench', '--key', 'bench');
  const token = await cli(dir, 'token', 'create', 'bench');
  const db = await DuckDBInstance.create(join(dir, 'touchmap.duckdb'));
  const c = await db.connect();
  const site = String((await c.runAndReadAll(`select id from sites where name = 'bench'`)).getRowObjectsJson()[0]!.id);
  const now = Date.now();
  // One page view per 20 events; every 20th event is the page view itself.
  await c.run(
    `insert into events
     select 'e' || i, $site, 's' || (i // 200), 'pv' || (i // 20), 'b' || (i // 20), $now - (i % 86400000), $now,
            case when i % 20 = 0 then 'pv' when i % 97 = 0 then 'rage' when i % 89 = 0 then 'dead' when i % 83 = 0 then 'errclick' else 'click' end,
            case when i % 20 = 0 then '/page/' || ((i // 20) % 100) end,
            case when i % 20 <> 0 then '#el' || (i % 40) end,
            (i % 100) / 100.0, (i % 37) / 37.0, (i % 1280)::int, (i % 4000)::int, '{}'
     from range(${events}) t(i)`,
    { site, now: String(now) },
  );
  c.closeSync();
  db.closeSync();
  return { dir, token };
}

async function queries(events: number) {
  const { dir, token } = await seeded(events);
  const { url, proc } = await startCollector(dir);
  const time = async (path: string) => {
    const ms: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t0 = performance.now();
      const r = await fetch(`${url}/v1/sites/bench/${path}`, { headers: { authorization: `Bearer ${token}` } });
      await r.json();
      if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
      ms.push(performance.now() - t0);
    }
    ms.shift(); // the first warms the caches
    ms.sort((a, b) => a - b);
    return { median: ms[Math.floor(ms.length / 2)]!, max: ms[ms.length - 1]! };
  };
  const out = {
    events,
    heatmap: await time(`heatmap?url=${encodeURIComponent('/page/7')}&kind=click`),
    hotspots: await time('hotspots'),
    hotspotsForPage: await time(`hotspots?url=${encodeURIComponent('/page/7')}`),
    pages: await time('pages'),
  };
  await stopCollector(proc);
  rmSync(dir, { recursive: true, force: true });
  return out;
}

const f = (n: number) => n.toFixed(0);
console.log(`ingest: ${EVENTS_PER_BATCH} events a batch, ${SECONDS} s per run, autocannon on loopback`);
for (const conns of [8, 32]) {
  const r = await ingest(conns);
  console.log(`  ${conns} connections: ${f(r.eventsPerSec)} events/s stored (${f(r.requestsPerSec)} batches/s), p50 ${r.p50} ms, p99 ${r.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}`);
}
for (const n of [1_000_000, 10_000_000]) {
  const q = await queries(n);
  console.log(`queries at ${n.toLocaleString('en')} events (median / max of 5, ms): heatmap ${f(q.heatmap.median)} / ${f(q.heatmap.max)}, hotspots ${f(q.hotspots.median)} / ${f(q.hotspots.max)}, hotspots for a page ${f(q.hotspotsForPage.median)} / ${f(q.hotspotsForPage.max)}, pages ${f(q.pages.median)} / ${f(q.pages.max)}`);
}

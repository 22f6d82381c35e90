// `pnpm bench:engines`: the same ingest and query workloads on every storage engine, side by side
// in one run — DuckDB (embedded, the default), ClickHouse 18.16 (Debian's server, a local
// process) and the modern ClickHouse engine through chdb (when the devDependency is installed).
// Through the Store interface, in process: what differs between rows is the engine, not HTTP.
// Numbers go to bench/README.md; nothing here is a test.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Batch } from '@touchmap/protocol';
import { checkJourney, type JourneyDefinition } from '@touchmap/journey';
import { clickHouseOver, connectClickHouse, type ClickHouse } from '../../apps/collector/src/store/clickhouse-connection.ts';
import { haveClickHouse, startClickHouse } from '../../apps/collector/src/store/clickhouse-server.test-support.ts';
import { openClickHouseStore } from '../../apps/collector/src/store/clickhouse.ts';
import type { Query, Site, Store } from '../../apps/collector/src/store/store.ts';
import { benchJourney, seeded } from './seed.ts';
import { openDuckStore } from '../../apps/collector/src/store/duckdb.ts';
import { chdb } from '../../apps/collector/src/store/chdb.test-support.ts';

const SIZES = (process.env.BENCH_SIZES ?? '1000000,10000000').split(',').map(Number);
const INGEST_BATCHES = Number(process.env.BENCH_BATCHES ?? 4000);
const EVENTS_PER_BATCH = 50;
const CONCURRENCY = 32;
const wanted = process.env.BENCH_ENGINES?.split(',');
/** One clock for every engine's seed and queries, so their answers can be compared. */
const NOW = Date.now();

interface Engine {
  name: string;
  /** A store on a fresh, empty database. */
  empty(): Promise<{ store: Store; done(): Promise<void> }>;
  /** A store holding `events` synthetic events (seed.ts's site, built in the engine's SQL). */
  seeded(events: number): Promise<{ store: Store; done(): Promise<void> }>;
}

const duckdb: Engine = {
  name: 'DuckDB 1.5 (embedded)',
  async empty() {
    const dir = mkdtempSync(join(tmpdir(), 'touchmap-bench-e-'));
    const store = await openDuckStore(dir);
    return { store, done: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
  },
  async seeded(events) {
    const { dir } = await seeded(events, NOW);
    const store = await openDuckStore(dir);
    return { store, done: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
  },
};

/** seed.ts's synthetic site in ClickHouse SQL: the same page views and events, row for row. */
export async function seedClickHouse(ch: ClickHouse, site: string, events: number) {
  const now = NOW;
  const md5 = (x: string) => `lower(hex(MD5(${x})))`;
  await ch.command(
    `insert into pageviews (site, pv, sid, t, url, page, ref, src, nav, dev, vw, vh, band, new)
     select '${site}', ${md5(`concat('pv', toString(v))`)}, concat('s', toString(intDiv(v, 10))), ${now} - 86400000 + ((v * 20) % 86400000),
            concat('/page/', toString(v % 100), '/', toString(v % 1000)), concat('/page/', toString(v % 100), '/:id'), NULL,
            multiIf(v % 3 = 0, 'direct', v % 3 = 1, 'google.com', 'newsletter'), 'navigate',
            if(v % 4 = 0, 'm', 'd'), if(v % 4 = 0, 390, 1280), 720, if(v % 4 = 0, 's', 'l'), v % 5 = 0
     from (select number as v from system.numbers limit ${events / 20})`,
  );
  // Events in slices of a million rows: one statement over 10M is minutes on a loaded machine.
  for (let from = 0; from < events; from += SEED_SLICE) await seedEventSlice(ch, site, from, Math.min(events, from + SEED_SLICE));
}

const SEED_SLICE = 1_000_000;

/** Events number `from` to `to` − 1 of the synthetic site. */
async function seedEventSlice(ch: ClickHouse, site: string, from: number, to: number) {
  const now = NOW;
  const md5 = (x: string) => `lower(hex(MD5(${x})))`;
  await ch.command(
    `insert into events (site, k, t, id, sid, pv, bid, received, sel, ox, oy, x, y, fx, pts, data)
     select '${site}', k, ${now} - 86400000 + (i % 86400000), concat(${md5(`concat('pv', toString(intDiv(i, 20)))`)}, '.', toString(i % 20)),
            concat('s', toString(intDiv(i, 200))), ${md5(`concat('pv', toString(intDiv(i, 20)))`)}, concat('b', toString(intDiv(i, 20))), ${now},
            if(k != 'pv', concat('#el', toString(i % 40)), NULL),
            if(k not in ('pv', 'move'), (i % 100) / 100, NULL), if(k not in ('pv', 'move'), (i % 37) / 37, NULL),
            if(k not in ('pv', 'move'), toInt32(i % 1280), NULL), if(k not in ('pv', 'move'), toInt32(i % 4000), NULL), 0,
            if(k = 'move', arrayMap(j -> toUInt8((i + j * 7) % 101), range(40)), emptyArrayUInt8()), '{}'
     from (select number as i, multiIf(i % 20 = 0, 'pv', i % 97 = 0, 'rage', i % 89 = 0, 'dead', i % 83 = 0, 'errclick', i % 7 = 3, 'move', 'click') as k
           from (select number + ${from} as number from system.numbers limit ${to - from}))`,
  );
}

const clickhouse: Engine = {
  name: 'ClickHouse 18.16 (server)',
  async empty() {
    const server = await startClickHouse();
    const store = await openClickHouseStore(server.store);
    return { store, done: async () => (await store.close(), await server.stop()) };
  },
  async seeded(events) {
    const server = await startClickHouse();
    const store = await openClickHouseStore(server.store);
    const site = await store.addSite({ name: 'bench', key: 'bench', origins: [] });
    // Seeding statements are long: 10 minutes each rather than the collector's 30 s.
    const { client } = connectClickHouse(server.url, 'touchmap', 600_000);
    await seedClickHouse(clickHouseOver(client), site.id, events);
    await client.close();
    return { store, done: async () => (await store.close(), await server.stop()) };
  },
};

/** chdb (the modern engine, in process), when its devDependency is installed: one engine per process. */
async function chdbEngine(): Promise<Engine | undefined> {
  const engine = await chdb(() => mkdtempSync(join(tmpdir(), 'touchmap-bench-chdb-')));
  if ('missing' in engine) return undefined;
  // One data directory for the process: each run gets a database of its own instead.
  let n = 0;
  const open = async () => {
    const database = `bench${++n}`;
    const store = await openClickHouseStore({ client: engine.client, database });
    const ch = clickHouseOver(engine.client);
    return { store, ch, done: async () => ch.command(`drop database if exists ${database}`) };
  };
  return {
    name: `ClickHouse ${engine.version.split('.').slice(0, 2).join('.')} (chdb)`,
    empty: open,
    async seeded(events) {
      const { store, ch, done } = await open();
      const site = await store.addSite({ name: 'bench', key: 'bench', origins: [] });
      await seedClickHouse(ch, site.id, events);
      return { store, done };
    },
  };
}

/** Store ingest at CONCURRENCY batches in flight: events stored per second. */
async function ingest(engine: Engine) {
  const { store, done } = await engine.empty();
  const site = await store.addSite({ name: 'bench', key: 'bench', origins: [] });
  const t = Date.now();
  const batch = (n: number): Batch => ({
    v: 1, site: 'bench', sid: `s${n % 1000}`, pv: `pv${n}`, bid: `pv${n}`, sent: t,
    events: Array.from({ length: EVENTS_PER_BATCH }, (_, i) => ({ id: `pv${n}.${i}`, t: t + i, k: 'click', sel: `#b${i % 40}`, ox: 0.5, oy: 0.5, x: 10 * i, y: 20, sx: 0, sy: 0, vw: 1280, vh: 720 })),
  } as unknown as Batch);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < INGEST_BATCHES) await store.ingest(site, batch(next++), t);
  }));
  const seconds = (performance.now() - t0) / 1000;
  const stored = await store.countEvents('bench');
  await done();
  return { eventsPerSec: Math.round(stored / seconds), stored };
}

async function queries(engine: Engine, events: number) {
  const t0 = performance.now();
  const { store, done } = await engine.seeded(events);
  const seedSeconds = (performance.now() - t0) / 1000;
  const site = (await store.siteByName('bench')) as Site;
  const checked = checkJourney(benchJourney);
  if (!checked.ok) throw new Error(checked.errors.join('\n'));
  const journey: JourneyDefinition = checked.journey;
  const now = NOW;
  const q: Query = { from: now - 2 * 86_400_000, to: now, limit: 100, offset: 0, segment: {} };
  const page = '/page/7/:id';
  const work: [string, () => Promise<unknown>][] = [
    ['heatmap', () => store.heatmap(site, { ...q, page, kind: 'click', bins: 10, cell: 32 })],
    ['heatmapMove', () => store.heatmap(site, { ...q, page, kind: 'move', bins: 10, cell: 32 })],
    ['hotspots', () => store.hotspots(site, q)],
    ['hotspotsSegment', () => store.hotspots(site, { ...q, segment: { device: 'mobile', source: 'google.com' } })],
    ['element', () => store.element(site, { ...q, sel: '#el7' })],
    ['pages', () => store.pages(site, q)],
    ['journeyMap', () => store.journeyMap(site, journey, q, now)],
    ['funnel', () => store.funnel(site, journey, 'buy', q, now)],
    ['painPoints', () => store.painPoints(site, journey, q, now)],
  ];
  const out: Record<string, string> = {};
  const answers: Record<string, string> = {};
  for (const [name, run] of work) {
    const ms: number[] = [];
    try {
      for (let i = 0; i < 6; i++) {
        const s = performance.now();
        const answer = await run();
        ms.push(performance.now() - s);
        answers[name] = JSON.stringify(answer, (_, x) => (typeof x === 'number' ? Number(x.toPrecision(9)) : x));
      }
      ms.shift(); // the first warms the caches
      ms.sort((a, b) => a - b);
      out[name] = `${ms[2]!.toFixed(0)}`;
    } catch (e) {
      out[name] = `error: ${String((e as Error).message).split('\n')[0]!.slice(0, 60)}`;
    }
  }
  await done();
  return { seedSeconds, out, answers };
}

if (process.env.BENCH_NO_MAIN) { /* imported for its seed */ } else await main();
async function main() {
const engines = [duckdb, ...(haveClickHouse() ? [clickhouse] : []), ...[await chdbEngine()].filter((e): e is Engine => !!e)].filter((e) => !wanted || wanted.some((w) => e.name.toLowerCase().includes(w)));
console.log(`engines: ${engines.map((e) => e.name).join(', ')}; ${readFileSync('/proc/cpuinfo', 'utf8').split('\n').filter((l) => l.startsWith('processor')).length} cores`);
if (process.env.BENCH_ONLY !== 'queries') {
  console.log(`ingest through the Store: ${INGEST_BATCHES} batches of ${EVENTS_PER_BATCH} clicks, ${CONCURRENCY} in flight`);
  for (const e of engines) {
    const r = await ingest(e);
    console.log(`  ${e.name}: ${r.eventsPerSec.toLocaleString('en')} events/s (${r.stored.toLocaleString('en')} stored)`);
  }
}
if (process.env.BENCH_ONLY !== 'ingest') {
  for (const n of SIZES) {
    console.log(`queries at ${n.toLocaleString('en')} events (median of 5 after one warm-up, ms)`);
    let reference: Record<string, string> | undefined;
    for (const e of engines) {
      const r = await queries(e, n);
      // Every engine must give the first one's answers: a fast wrong answer is no result.
      const differ = reference ? Object.keys(r.answers).filter((k) => reference![k] !== undefined && reference![k] !== r.answers[k]) : [];
      if (process.env.BENCH_SHOW_DIFF) for (const k of differ) console.log(`${k}:\n  ${reference![k]}\n  ${r.answers[k]}`);
      reference ??= r.answers;
      console.log(`  ${e.name} (seeded in ${r.seedSeconds.toFixed(0)} s): ` + Object.entries(r.out).map(([k, v]) => `${k} ${v}`).join(', ') + (differ.length ? `; ANSWERS DIFFER from the first engine's: ${differ.join(', ')}` : ''));
    }
  }
}
}

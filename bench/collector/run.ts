// `pnpm bench:collector`: the collector's ingest throughput and latency with concurrent senders
// on loopback (autocannon, bounded in time), and read-query latency at 1M and 10M stored
// events. Numbers go to bench/README.md; nothing here is a test.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { cli, startCollector, stopCollector } from '../../apps/collector/src/spawn.ts';
import { BROWSER_UA } from '../../apps/collector/src/test-batches.ts';
import { benchJourney, seeded } from './seed.ts';
import { startClickHouse } from '../../apps/collector/src/store/clickhouse-server.test-support.ts';

const EVENTS_PER_BATCH = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);

async function ingest(connections: number) {
  const dir = mkdtempSync(join(tmpdir(), 'touchmap-bench-'));
  // BENCH_STORE=clickhouse: the collector on a local ClickHouse 18.16 server instead of DuckDB.
  const server = process.env.BENCH_STORE === 'clickhouse' ? await startClickHouse() : undefined;
  const store = server ? ['--store', server.store] : [];
  const key = JSON.parse(await cli(dir, 'site', 'add', 'bench', ...store)).key as string;
  // A site in production has a journey: one of the 40 buttons is a touchpoint by selector, so
  // 2.5% of the clicks are copied to touchpoint_clicks as well (BENCH_JOURNEY=0: no journey).
  if (process.env.BENCH_JOURNEY !== '0') {
    const file = join(dir, 'journey.json');
    writeFileSync(file, JSON.stringify({ touchpoints: [{ id: 'buy', stage: 'decision', match: { selector: '#b7' } }, { id: 'home', stage: 'awareness', match: { url: '/' } }], funnels: [] }));
    await cli(dir, 'journey', 'set', 'bench', file, ...store);
  }
  // The per-site rate limit would measure itself: lifted.
  const { url, proc } = await startCollector(dir, '--rate', '1000000', ...store);
  // The collector's CPU time (user + system, all its threads, DuckDB's included) over the run:
  // per event, a measure that load from other processes on this machine moves far less than
  // throughput. With ClickHouse, the server's too.
  const cpuOf = (pid: number | undefined) => {
    if (pid === undefined) return 0;
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in ms (USER_HZ = 100)
  };
  const cpu = () => cpuOf(proc.pid);
  const cpu0 = cpu();
  // The load generator's own CPU (autocannon and the batches it builds, this process).
  const benchCpu0 = process.cpuUsage();
  const serverCpu0 = cpuOf(server?.pid());
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
    // A browser's: the collector drops bots' batches, and autocannon's is not a browser's.
    headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA },
    requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }],
  });
  const cpuMs = cpu() - cpu0;
  const benchCpu = process.cpuUsage(benchCpu0);
  const load = loadavg()[0]!;
  const serverCpuMs = cpuOf(server?.pid()) - serverCpu0;
  await stopCollector(proc);
  const stored = Number(await cli(dir, 'events', 'count', ...store));
  rmSync(dir, { recursive: true, force: true });
  await server?.stop();
  return {
    connections,
    requestsPerSec: result.requests.average,
    eventsPerSec: Math.round(stored / SECONDS),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    stored,
    cpuMsPer1000: (cpuMs / stored) * 1000,
    serverCpuMsPer1000: (serverCpuMs / stored) * 1000,
    benchCpuMsPer1000: ((benchCpu.user + benchCpu.system) / 1000 / stored) * 1000,
    load,
  };
}

async function queries(events: number) {
  const { dir, token } = await seeded(events);
  const { url, proc } = await startCollector(dir);
  const secret = await cli(dir, 'secret', 'create', 'bench');
  const put = await fetch(`${url}/v1/sites/bench/journey`, { method: 'PUT', body: JSON.stringify(benchJourney), headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' } });
  if (put.status !== 201) throw new Error(`journey: ${put.status} ${await put.text()}`);
  const time = async (path: string) => {
    const ms: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t0 = performance.now();
      const r = await fetch(`${url}/v1/sites/bench/${path}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(180_000) });
      await r.json();
      if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
      ms.push(performance.now() - t0);
    }
    ms.shift(); // the first warms the caches
    ms.sort((a, b) => a - b);
    return { median: ms[Math.floor(ms.length / 2)]!, max: ms[ms.length - 1]! };
  };
  const endpoints: [string, string][] = [
    ['heatmap', `heatmap?page=${encodeURIComponent('/page/7/:id')}&kind=click`],
    ['heatmapMove', `heatmap?page=${encodeURIComponent('/page/7/:id')}&kind=move`],
    ['hotspots', 'hotspots'],
    ['hotspotsForPage', `hotspots?page=${encodeURIComponent('/page/7/:id')}`],
    ['hotspotsSegment', 'hotspots?device=mobile&source=google.com'],
    ['element', `element?sel=${encodeURIComponent('#el7')}`],
    ['pages', 'pages'],
    ['journeyMap', 'journey/map'],
    ['funnel', 'funnels/buy'],
    ['painPoints', 'pain-points'],
  ];
  // BENCH_QUERIES=journeyMap,funnel times only those.
  const wanted = process.env.BENCH_QUERIES?.split(',');
  const out: { events: number } & Record<string, { median: number; max: number }> = { events } as never;
  for (const [name, path] of endpoints) if (!wanted || wanted.includes(name)) out[name] = await time(path);

  await stopCollector(proc);
  rmSync(dir, { recursive: true, force: true });
  return out;
}

const f = (n: number) => n.toFixed(0);
console.log(`ingest: ${EVENTS_PER_BATCH} events a batch, ${SECONDS} s per run, autocannon on loopback`);
const only = process.env.BENCH_ONLY;
for (const conns of only === 'queries' ? [] : (process.env.BENCH_CONNS ?? '8,32').split(',').map(Number)) {
  const r = await ingest(conns);
  console.log(`  ${conns} connections: ${f(r.eventsPerSec)} events/s stored (${f(r.requestsPerSec)} batches/s), p50 ${r.p50} ms, p99 ${r.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}, collector CPU ${r.cpuMsPer1000.toFixed(1)} ms per 1,000 events (load generator ${r.benchCpuMsPer1000.toFixed(1)} ms), load average ${r.load.toFixed(1)}${r.serverCpuMsPer1000 ? `, ClickHouse CPU ${r.serverCpuMsPer1000.toFixed(1)} ms per 1,000` : ''}`);
}
for (const n of only === 'ingest' ? [] : [1_000_000, 10_000_000]) {
  const q = await queries(n);
  const { events, ...times } = q;
  console.log(`queries at ${events.toLocaleString('en')} events (median / max of 5, ms): ` + Object.entries(times).map(([name, t]) => `${name} ${f(t.median)} / ${f(t.max)}`).join(', '));
}

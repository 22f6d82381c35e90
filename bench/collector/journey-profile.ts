// `tsx bench/collector/journey-profile.ts [events] [query…]`: times the journey queries in
// process (no HTTP) on the bench's synthetic site and, with PROFILE=1, prints DuckDB's costliest
// operators for each — where to look when a journey query is over its target. The seeded
// database is kept (JPROF_DIR, default in the temp directory) so that reruns skip seeding.
// INDEXED=0 reads touchpoint clicks from `events` instead of `touchpoint_clicks` (the store
// does so for a definition whose selectors are not indexed): the two side by side.
import { existsSync, readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { checkJourney } from '../../packages/journey/src/index.ts';
import { createJourneyQueries } from '../../apps/collector/src/store/duckdb-journey.ts';
import { migrate } from '../../apps/collector/src/store/duckdb-schema.ts';
import { IndexedSelectors, indexSelectors, selectorsOf } from '../../apps/collector/src/store/touchpoint-clicks.ts';
import { usedParams, type Run } from '../../apps/collector/src/store/duckdb-reads.ts';
import type { Query, Site } from '../../apps/collector/src/store/store.ts';
import { benchJourney, seeded } from './seed.ts';

const events = Number(process.argv[2] ?? 10_000_000);
const wanted = process.argv.slice(3);
const dir = process.env.JPROF_DIR ?? join(tmpdir(), `touchmap-jprof-${events}`);
const PROFILE = process.env.PROFILE === '1';
const RUNS = Number(process.env.RUNS ?? 5);

if (!existsSync(join(dir, 'now'))) {
  const now = Date.now();
  console.log(`seeding ${events.toLocaleString('en')} events into ${dir} …`);
  const s = await seeded(events, now);
  mkdirSync(dir, { recursive: true });
  cpSync(s.dir, dir, { recursive: true });
  writeFileSync(join(dir, 'now'), String(now));
}
const now = Number(readFileSync(join(dir, 'now'), 'utf8'));
const db = await DuckDBInstance.create(join(dir, 'touchmap.duckdb'));
const c0 = await db.connect();
await migrate(c0);
const row = (await c0.runAndReadAll(`select id, name, site_key from sites where name = 'bench'`)).getRowObjectsJson()[0]!;
const site: Site = { id: String(row.id), name: 'bench', key: String(row.site_key), origins: [] };
const checked = checkJourney(benchJourney);
if (!checked.ok) throw new Error(checked.errors.join('; '));
const journey = checked.journey;
// As PUT /v1/sites/:site/journey does: the definition's selectors indexed, with their clicks.
const known = await new IndexedSelectors().load(c0);
known.add(site.id, await indexSelectors(c0, site.id, selectorsOf(journey), known));
const INDEXED = process.env.INDEXED !== '0';
const q: Query = { from: now - 7 * 86_400_000, to: now, limit: 100, offset: 0, segment: {} };

let profileTo: string | undefined;
// As the store runs a read (duckdb.ts): a connection of its own, only the parameters used.
const run: Run = async (sql, params) => {
  const rc = await db.connect();
  try {
    if (profileTo) await rc.run(`pragma enable_profiling = 'json'; pragma profiling_output = '${profileTo}'`);
    return (await rc.runAndReadAll(sql, usedParams(sql, params))).getRowObjectsJson();
  } finally {
    rc.closeSync();
  }
};
const queries = createJourneyQueries(run, (s, j) => INDEXED && known.covers(s.id, j));
const all: Record<string, () => Promise<unknown>> = {
  journeyMap: () => queries.journeyMap(site, journey, q, now),
  funnel: () => queries.funnel(site, journey, 'buy', q, now),
  painPoints: () => queries.painPoints(site, journey, q, now),
};

interface Op {
  operator_name?: string;
  operator_type?: string;
  operator_timing?: number;
  operator_cardinality?: number;
  extra_info?: Record<string, unknown>;
  children?: Op[];
}
/** Every operator of a profile tree, flattened. */
const flat = (o: Op, out: Op[] = []): Op[] => {
  out.push(o);
  for (const ch of o.children ?? []) flat(ch, out);
  return out;
};

for (const [name, f] of Object.entries(all)) {
  if (wanted.length && !wanted.includes(name)) continue;
  const ms: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const t0 = performance.now();
    await f();
    ms.push(performance.now() - t0);
  }
  ms.shift();
  ms.sort((a, b) => a - b);
  console.log(`${name}${INDEXED ? '' : ' (clicks from events)'} at ${events.toLocaleString('en')}: median ${ms[ms.length >> 1]!.toFixed(0)} ms (${ms.map((m) => m.toFixed(0)).join(', ')})`);
  if (!PROFILE) continue;
  profileTo = join(tmpdir(), `touchmap-jprof-${name}.json`);
  await f();
  profileTo = undefined;
  const ops = flat(JSON.parse(readFileSync(join(tmpdir(), `touchmap-jprof-${name}.json`), 'utf8')) as Op);
  const total = ops.reduce((a, o) => a + (o.operator_timing ?? 0), 0);
  console.log(`  operators (sum of timings ${(total * 1000).toFixed(0)} ms, threads add up):`);
  for (const o of ops.sort((a, b) => (b.operator_timing ?? 0) - (a.operator_timing ?? 0)).slice(0, 18)) {
    const info = JSON.stringify(o.extra_info ?? {}).replace(/\s+/g, ' ').slice(0, 150);
    console.log(`  ${((o.operator_timing ?? 0) * 1000).toFixed(1).padStart(7)} ms ${String(o.operator_cardinality ?? '').padStart(9)} rows  ${o.operator_name ?? o.operator_type} ${info}`);
  }
}
c0.closeSync();
db.closeSync();

// `tsx bench/collector/journey-profile.ts [events] [query…]`: times the journey queries in
// process (no HTTP) on the bench's synthetic site and, with PROFILE=1, prints DuckDB's costliest
// operators for each — where to look when a journey query is over its target. The seeded
// database is kept (JPROF_DIR, default in the temp directory) so that reruns skip seeding.
// INDEXED=0 reads touchpoint clicks from `events` instead of `touchpoint_clicks` (the store
// does so for a definition whose selectors are not indexed): the two side by side.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createJourneyQueries } from '../../apps/collector/src/store/duckdb-journey.ts';
import { benchCalls, journeyBenchDb } from './journey-db.ts';

const events = Number(process.argv[2] ?? 10_000_000);
const wanted = process.argv.slice(3);
const PROFILE = process.env.PROFILE === '1';
const RUNS = Number(process.env.RUNS ?? 5);
const INDEXED = process.env.INDEXED !== '0';
const bench = await journeyBenchDb(events);
const all = benchCalls(bench, createJourneyQueries(bench.run, (s, j) => INDEXED && bench.known.covers(s.id, j)));

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
  bench.profileTo = join(tmpdir(), `touchmap-jprof-${name}.json`);
  await f();
  bench.profileTo = undefined;
  const ops = flat(JSON.parse(readFileSync(join(tmpdir(), `touchmap-jprof-${name}.json`), 'utf8')) as Op);
  const total = ops.reduce((a, o) => a + (o.operator_timing ?? 0), 0);
  console.log(`  operators (sum of timings ${(total * 1000).toFixed(0)} ms, threads add up):`);
  for (const o of ops.sort((a, b) => (b.operator_timing ?? 0) - (a.operator_timing ?? 0)).slice(0, 18)) {
    const info = JSON.stringify(o.extra_info ?? {}).replace(/\s+/g, ' ').slice(0, 150);
    console.log(`  ${((o.operator_timing ?? 0) * 1000).toFixed(1).padStart(7)} ms ${String(o.operator_cardinality ?? '').padStart(9)} rows  ${o.operator_name ?? o.operator_type} ${info}`);
  }
}
bench.close();

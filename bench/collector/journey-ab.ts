// `tsx bench/collector/journey-ab.ts <git-rev> [query…]`: the journey queries of the working
// tree against those of <git-rev> (its duckdb-journey.ts and journey-sql.ts), in one process on
// the kept 10M-event database (journey-db.ts), alternating query by query: A B, B A, A B, …
// The machine's speed drifts by ±25% within minutes, so medians of separate runs mislead; the
// median of the paired differences, and how often the new code won, do not. It also checks that
// both answer the same. PAIRS (default 14) pairs per query; EVENTS (default 10M).
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createJourneyQueries } from '../../apps/collector/src/store/duckdb-journey.ts';
import { benchCalls, journeyBenchDb } from './journey-db.ts';

const [rev, ...wanted] = process.argv.slice(2);
if (!rev) throw new Error('usage: tsx bench/collector/journey-ab.ts <git-rev> [journeyMap|funnel|painPoints …]');
const PAIRS = Number(process.env.PAIRS ?? 14);
const store = join(import.meta.dirname, '../../apps/collector/src/store');
const show = (file: string) => execFileSync('git', ['show', `${rev}:apps/collector/src/store/${file}`], { encoding: 'utf8' });
// The old modules beside the new ones, so that their other imports resolve to the working tree's.
const oldFiles = { 'journey-sql.ab-old.ts': show('journey-sql.ts'), 'duckdb-journey.ab-old.ts': show('duckdb-journey.ts').replace("'./journey-sql.ts'", "'./journey-sql.ab-old.ts'") };
for (const [name, text] of Object.entries(oldFiles)) writeFileSync(join(store, name), text);
try {
  const old = (await import(join(store, 'duckdb-journey.ab-old.ts'))) as { createJourneyQueries: typeof createJourneyQueries };
  const bench = await journeyBenchDb(Number(process.env.EVENTS ?? 10_000_000));
  const covers = (s: { id: string }, j: typeof bench.journey) => bench.known.covers(s.id, j);
  const sides = { old: benchCalls(bench, old.createJourneyQueries(bench.run, covers)), new: benchCalls(bench, createJourneyQueries(bench.run, covers)) };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  for (const name of Object.keys(sides.new)) {
    if (wanted.length && !wanted.includes(name)) continue;
    const call = (side: keyof typeof sides) => sides[side][name]!();
    const same = JSON.stringify(await call('old')) === JSON.stringify(await call('new'));
    const t = { old: [] as number[], new: [] as number[] };
    for (let i = 0; i < PAIRS; i++) {
      for (const side of i % 2 ? (['new', 'old'] as const) : (['old', 'new'] as const)) {
        const t0 = performance.now();
        await call(side);
        t[side].push(performance.now() - t0);
      }
    }
    const diff = t.new.map((n, i) => n - t.old[i]!);
    console.log(
      `${name}: ${same ? 'same answer' : 'DIFFERENT ANSWERS'}; median old ${median(t.old).toFixed(0)} ms, new ${median(t.new).toFixed(0)} ms; ` +
        `new − old per pair, median ${median(diff).toFixed(0)} ms; new faster in ${diff.filter((d) => d < 0).length} of ${PAIRS}`,
    );
  }
  bench.close();
} finally {
  for (const name of Object.keys(oldFiles)) rmSync(join(store, name), { force: true });
}

// The journey benches' database: the bench's synthetic site seeded once and kept (JPROF_DIR,
// default in the temp directory), migrated and indexed as the collector does, with the store's
// way of running a read. Used by journey-profile.ts and journey-ab.ts.
import { existsSync, readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { checkJourney } from '../../packages/journey/src/index.ts';
import { migrate } from '../../apps/collector/src/store/duckdb-schema.ts';
import { IndexedSelectors, indexSelectors, selectorsOf } from '../../apps/collector/src/store/touchpoint-clicks.ts';
import { usedParams, type Run } from '../../apps/collector/src/store/duckdb-reads.ts';
import type { Query, Site } from '../../apps/collector/src/store/store.ts';
import type { createJourneyQueries } from '../../apps/collector/src/store/duckdb-journey.ts';
import { benchJourney, seeded } from './seed.ts';

export async function journeyBenchDb(events: number) {
  const dir = process.env.JPROF_DIR ?? join(tmpdir(), `touchmap-jprof-${events}`);
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
  const q: Query = { from: now - 7 * 86_400_000, to: now, limit: 100, offset: 0, segment: {} };
  const bench = {
    now, site, journey, q, known,
    /** Set to a file path to have the next reads write DuckDB's JSON profile there. */
    profileTo: undefined as string | undefined,
    // As the store runs a read (duckdb.ts): a connection of its own, only the parameters used.
    run: (async (sql, params) => {
      const rc = await db.connect();
      try {
        if (bench.profileTo) await rc.run(`pragma enable_profiling = 'json'; pragma profiling_output = '${bench.profileTo}'`);
        return (await rc.runAndReadAll(sql, usedParams(sql, params))).getRowObjectsJson();
      } finally {
        rc.closeSync();
      }
    }) as Run,
    close() {
      c0.closeSync();
      db.closeSync();
    },
  };
  return bench;
}

type JourneyBench = Awaited<ReturnType<typeof journeyBenchDb>>;

/** The three journey queries of the bench, as the HTTP bench asks them, on `queries`. */
export const benchCalls = ({ site, journey, q, now }: JourneyBench, queries: ReturnType<typeof createJourneyQueries>): Record<string, () => Promise<unknown>> => ({
  journeyMap: () => queries.journeyMap(site, journey, q, now),
  funnel: () => queries.funnel(site, journey, 'buy', q, now),
  painPoints: () => queries.painPoints(site, journey, q, now),
});

// The synthetic site the query benchmarks read: built in SQL, straight into DuckDB.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { cli } from '../../apps/collector/src/spawn.ts';
import { JOURNEY_EVENTS_FROM_EVENTS } from '../../apps/collector/src/store/duckdb-schema.ts';

/** A site with `events` synthetic events (100 pages, 40 elements, 5 kinds), built in SQL. */
export async function seeded(events: number, now = Date.now()) {
  const dir = mkdtempSync(join(tmpdir(), 'touchmap-bench-q-'));
  await cli(dir, 'site', 'add', 'bench', '--key', 'bench');
  const token = await cli(dir, 'token', 'create', 'bench');
  const db = await DuckDBInstance.create(join(dir, 'touchmap.duckdb'));
  const c = await db.connect();
  const site = String((await c.runAndReadAll(`select id from sites where name = 'bench'`)).getRowObjectsJson()[0]!.id);
  // Ids are random-looking strings, as the SDK's are. One page view per 20 events (its first event); 100 page groups of 10 URLs each; 200 events
  // a session; a mix of kinds with move samples on one event in 7; time order, as ingest writes.
  await c.run(
    `insert into pageviews
     select $site, md5('pv' || v), 's' || (v // 10), $now::bigint - 86400000 + ((v * 20) % 86400000), '/page/' || (v % 100) || '/' || (v % 1000), '/page/' || (v % 100) || '/:id',
            null, case v % 3 when 0 then 'direct' when 1 then 'google.com' else 'newsletter' end, 'navigate',
            case v % 4 when 0 then 'm' else 'd' end, case v % 4 when 0 then 390 else 1280 end, 720, case v % 4 when 0 then 's' else 'l' end, v % 5 = 0, hash($site, md5('pv' || v))
     from range(${events / 20}) t(v)`,
    { site, now: String(now) },
  );
  await c.run(
    `insert into events
     select md5('pv' || (i // 20)) || '.' || (i % 20), $site, 's' || (i // 200), md5('pv' || (i // 20)), 'b' || (i // 20), $now::bigint - 86400000 + (i % 86400000), $now, k,
            case when k <> 'pv' then '#el' || (i % 40) end,
            case when k not in ('pv', 'move') then (i % 100) / 100.0 end, case when k not in ('pv', 'move') then (i % 37) / 37.0 end,
            case when k not in ('pv', 'move') then (i % 1280)::int end, case when k not in ('pv', 'move') then (i % 4000)::int end,
            null, case when k = 'move' then list_transform(range(40), lambda j: ((i + j * 7) % 101)::utinyint) end, '{}', hash($site, md5('pv' || (i // 20))), null
     from (select i, case when i % 20 = 0 then 'pv' when i % 97 = 0 then 'rage' when i % 89 = 0 then 'dead' when i % 83 = 0 then 'errclick' when i % 7 = 3 then 'move' else 'click' end as k
           from range(${events}) t(i))`,
    { site, now: String(now) },
  );
  await c.run(`insert into signals select site, pvh, sid, t, k, sel, ox, oy, x, y, fx, id from events where k in ('rage', 'dead', 'errclick', 'disabled')`);
  await c.run(JOURNEY_EVENTS_FROM_EVENTS);
  c.closeSync();
  db.closeSync();
  return { dir, token };
}

/**
 * A journey over the seeded site: a landing page group, three product page groups, a
 * selector touchpoint, and a four-step funnel over page groups.
 */
export const benchJourney = {
  touchpoints: [
    { id: 'landing', stage: 'awareness', match: { url: '/page/0/:id' } },
    { id: 'browse', stage: 'consideration', match: { url: '/page/1/:id' } },
    { id: 'compare', stage: 'consideration', match: { url: '/page/2/:id' } },
    { id: 'cart', stage: 'decision', match: { url: '/page/3/:id' } },
    { id: 'pay', stage: 'decision', match: { url: '/page/4/:id' }, momentOfTruth: true },
    { id: 'promo', stage: 'consideration', match: { selector: '#el7' } },
  ],
  funnels: [{ id: 'buy', steps: ['browse', 'compare', 'cart', 'pay'] }],
};


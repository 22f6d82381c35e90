import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import type { Batch } from '@touchmap/protocol';
import { batches, journeyFixtures, richJourney } from '../journey-fixture.test-support.ts';
import { openDuckStore } from './duckdb.ts';
import { createJourneyQueries } from './duckdb-journey.ts';
import { usedParams, type Run } from './duckdb-reads.ts';
import { selectorsOf } from './touchpoint-clicks.ts';

const now = Date.now();
const { richEvents } = journeyFixtures(now - 3_600_000);
const rich = batches('rich-key', richEvents) as unknown as Batch[];
const dirs: string[] = [];
const tempDir = () => dirs[dirs.push(mkdtempSync(join(tmpdir(), 'touchmap-tpc-'))) - 1]!;
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The store's database, opened once the store is closed: its tables, and the journey queries either way. */
async function inspect(dir: string) {
  const db = await DuckDBInstance.create(join(dir, 'touchmap.duckdb'));
  const c = await db.connect();
  const ids = async (sql: string, params: Record<string, string> = {}) => (await c.runAndReadAll(sql, params)).getRowObjectsJson().map((r) => String(r.id)).sort();
  const run: Run = async (sql, params) => (await c.runAndReadAll(sql, usedParams(sql, params))).getRowObjectsJson();
  return { c, ids, run, close: () => (c.closeSync(), db.closeSync()) };
}

/** The clicks touchpoint_clicks should hold for `selectors`: those with a data-touchpoint, those on the selectors. */
const expectedSql = (selectors: string[]) =>
  `select id from events where k = 'click' and (tp is not null or sel in (${selectors.map((s) => `'${s}'`).join(', ')}))`;

describe('touchpoint_clicks: the clicks a journey counts, in a narrow table', () => {
  it('holds the clicks on a definition’s selectors stored before and after it was put, and answers as events do', async () => {
    const dir = tempDir();
    const store = await openDuckStore(dir);
    const site = await store.addSite({ name: 'rich', key: 'rich-key', origins: [] });
    const half = rich.length >> 1;
    for (const b of rich.slice(0, half)) await store.ingest(site, b, now);
    await store.putJourney(site, richJourney, 'api');
    await Promise.all(rich.slice(half, -1).map((b) => store.ingest(site, b, now)));
    // Retries of batches stored before, with the last new one in their group: nothing twice.
    const retried = await Promise.all([...rich.slice(half - 10, -1), ...rich.slice(0, 10), rich.at(-1)!].map((b) => store.ingest(site, b, now)));
    expect(retried.map((r) => r.stored > 0)).toEqual([...retried.slice(0, -1).map(() => false), true]);
    await store.close();

    const db = await inspect(dir);
    const held = await db.ids('select id from touchpoint_clicks');
    expect(held.length).toBeGreaterThan(100);
    expect(held).toEqual(await db.ids(expectedSql(selectorsOf(richJourney))));
    // Clicks on no touchpoint element (#banner's are there for their data-touchpoint) stay out.
    expect(await db.ids(`select id from touchpoint_clicks where sel not in ('#continue', '#pay-later') and tp is null`)).toEqual([]);
    expect(await db.ids(`select sel as id from journey_selectors`)).toEqual(['#continue', '#pay-later']);

    // The journey queries read it and answer exactly as they do from events.
    const siteRow = { ...site };
    const q = { from: now - 86_400_000, to: now, limit: 100, offset: 0, segment: {} };
    const [narrow, wide] = [createJourneyQueries(db.run, () => true), createJourneyQueries(db.run, () => false)];
    const answers = async (qs: typeof narrow) => [await qs.journeyMap(siteRow, richJourney, q, now), await qs.funnel(siteRow, richJourney, 'buy', q, now), await qs.painPoints(siteRow, richJourney, q, now)];
    const fromNarrow = await answers(narrow);
    expect(JSON.stringify(fromNarrow)).toContain('"continue"');
    expect(fromNarrow).toEqual(await answers(wide));
    db.close();
  });

  it('misses no click and copies none twice when a new version is put among concurrent writes (the ordering itself: group-writes.test.ts)', async () => {
    const dir = tempDir();
    const store = await openDuckStore(dir);
    const site = await store.addSite({ name: 'rich', key: 'rich-key', origins: [] });
    const only = { ...richJourney, touchpoints: richJourney.touchpoints.filter((t) => t.match.selector !== '#pay-later') };
    await store.putJourney(site, only, 'api');
    // The second version (with #pay-later) is put while groups are being written: the first
    // batch is a group of its own, and half the others wait as the next group when it is put.
    const half = rich.length >> 1;
    const writes = [...rich.slice(0, half).map((b) => store.ingest(site, b, now)), store.putJourney(site, richJourney, 'api'), ...rich.slice(half).map((b) => store.ingest(site, b, now))];
    const done = await Promise.all(writes);
    expect(done.filter((r) => 'stored' in r).reduce((n, r) => n + (r as { stored: number }).stored, 0)).toBe(richEvents.length);
    // Retention takes touchpoint clicks with their events.
    const cutoff = [...richEvents].sort((a, b) => a.t - b.t)[richEvents.length >> 1]!.t;
    await store.applyRetention(cutoff);
    await store.close();

    const db = await inspect(dir);
    const held = (await db.c.runAndReadAll('select id, count(*) as n from touchpoint_clicks group by id having n > 1')).getRowObjectsJson();
    expect(held).toEqual([]);
    const ids = await db.ids('select id from touchpoint_clicks');
    expect(ids.length).toBeGreaterThan(50);
    expect(ids).toEqual(await db.ids(expectedSql(['#continue', '#pay-later'])));
    expect(await db.ids(`select id from events where t < ${cutoff}`)).toEqual([]);
    db.close();
  });

  it('is emptied with its site when the site is erased, and indexes again from scratch', async () => {
    const dir = tempDir();
    let store = await openDuckStore(dir);
    let site = await store.addSite({ name: 'rich', key: 'rich-key', origins: [] });
    await store.putJourney(site, richJourney, 'api');
    await Promise.all(rich.map((b) => store.ingest(site, b, now)));
    await store.eraseSite('rich');
    // A store opened again reads its index from the database.
    await store.close();
    store = await openDuckStore(dir);
    site = await store.addSite({ name: 'rich', key: 'rich-key', origins: [] });
    await Promise.all(rich.map((b) => store.ingest(site, b, now)));
    await store.close();
    const db = await inspect(dir);
    expect(await db.ids('select sel as id from journey_selectors')).toEqual([]);
    // Only data-touchpoint clicks: the new site has no journey yet.
    const ids = await db.ids('select id from touchpoint_clicks');
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual(await db.ids(`select id from events where k = 'click' and tp is not null`));
    db.close();
  });
});

import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import type { Batch } from '@touchmap/protocol';
import { migrate, SCHEMA_VERSION } from './duckdb-schema.ts';
import { createWriter } from './duckdb-writer.ts';

const site = { id: 'site-1', name: 'shop', key: 'k', origins: [] };
const now = Date.now();
const batch: Batch = {
  v: 1, site: 'k', sid: 's', pv: 'p', bid: 'b', sent: now,
  events: [
    { id: 'p.0', t: now, k: 'pv', url: '/cart', nav: 'navigate', vw: 1280, vh: 800, sw: 1280, dev: 'd' },
    { id: 'p.1', t: now + 1, k: 'click', sel: '#pay', ox: 0.5, oy: 0.5, x: 1, y: 1 },
    { id: 'p.2', t: now + 2, k: 'step', f: 'checkout', s: 'payment' },
    { id: 'p.3', t: now + 3, k: 'field', sel: '#card', a: 'invalid' },
    { id: 'p.4', t: now + 4, k: 'dead', sel: '#pay', ox: 0.5, oy: 0.5, x: 1, y: 1 },
    { id: 'p.5', t: now + 5, k: 'end' },
  ],
} as Batch;
const journeyEvents = async (c: Awaited<ReturnType<DuckDBInstance['connect']>>) =>
  (await c.runAndReadAll('select site, pvh::varchar as pvh, sid, t::varchar as t, id, k, sel, data from journey_events order by id')).getRowObjectsJson();

describe('schema migrations', () => {
  it('v3 → v4: the events the journey model reads are copied to journey_events, as the writer writes them', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await migrate(c);
    await createWriter(c).ingest(site, batch, now);
    const written = await journeyEvents(c);
    expect(written.map((r) => r.k)).toEqual(['pv', 'step', 'field', 'end']);
    expect(written.find((r) => r.k === 'step')!.data).toBe('{"f":"checkout","s":"payment"}');
    expect(written.find((r) => r.k === 'pv')!.data).toBeNull();

    // The same database as schema 3 wrote it: no journey_events table, and a signal stored
    // twice (a batch and its retry in one group).
    await c.run('drop table journey_events');
    await c.run(`insert into signals select * from signals where id = 'p.4'`);
    await c.run(`update meta set v = '3' where k = 'schema'`);
    await migrate(c);
    expect(await journeyEvents(c)).toEqual(written);
    expect((await c.runAndReadAll(`select id from signals`)).getRowObjectsJson()).toEqual([{ id: 'p.4' }]);
    expect((await c.runAndReadAll(`select v from meta where k = 'schema'`)).getRowObjectsJson()[0]!.v).toBe(String(SCHEMA_VERSION));
    c.closeSync();
    db.closeSync();
  });

  it('v4 → v5: clicks with a data-touchpoint or on a stored journey’s selector are copied to touchpoint_clicks', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await migrate(c);
    const click = (id: string, sel: string, tp?: string) => ({ id, t: now, k: 'click', sel, ox: 0.5, oy: 0.5, x: 1, y: 1, ...(tp ? { tp } : {}) });
    await createWriter(c).ingest(site, { ...batch, events: [...batch.events, click('p.6', '#banner', 'promo'), click('p.7', '#other')] } as Batch, now);
    // As schema 4 left it: a journey naming #pay (and #gone, never clicked), no narrow table.
    const journey = { stages: [], touchpoints: [{ id: 'pay', stage: 'decision', match: { selector: '#pay' } }, { id: 'x', stage: 'decision', match: { selector: '#gone' } }], funnels: [] };
    await c.run(`insert into journeys values ('site-1', 1, 0, 'api', $d)`, { d: JSON.stringify(journey) });
    await c.run('drop table touchpoint_clicks; drop table journey_selectors');
    await c.run(`update meta set v = '4' where k = 'schema'`);
    await migrate(c);
    expect((await c.runAndReadAll('select id, sel, tp from touchpoint_clicks order by id')).getRowObjectsJson()).toEqual([
      { id: 'p.1', sel: '#pay', tp: null },
      { id: 'p.6', sel: '#banner', tp: 'promo' },
    ]);
    expect((await c.runAndReadAll('select site, sel from journey_selectors order by sel')).getRowObjectsJson()).toEqual([{ site: 'site-1', sel: '#gone' }, { site: 'site-1', sel: '#pay' }]);
    c.closeSync();
    db.closeSync();
  });
});

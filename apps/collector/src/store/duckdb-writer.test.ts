import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import type { Batch } from '@touchmap/protocol';
import { migrate } from './duckdb-schema.ts';
import { createWriter } from './duckdb-writer.ts';

const site = { id: 'site-1', name: 'shop', key: 'k', origins: [] };
const now = Date.now();
const batch = (pv: string, id: string | null = `${pv}.0`): Batch => ({
  v: 1, site: 'k', sid: 's', pv, bid: pv, sent: now,
  events: [{ id: id as string, t: now, k: 'dead', sel: '#a', ox: 0.5, oy: 0.5, x: 10, y: 1 }],
});

describe('group-commit writer', () => {
  it('refuses only the batch the database refuses, not the others of its group', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await migrate(c);
    const writer = createWriter(c);
    // An event without an id gets past no validation in production; here it stands for any batch
    // DuckDB rejects (NOT NULL on events.id).
    const results = await Promise.allSettled([batch('a'), batch('b', null), batch('c'), batch('d')].map((b) => writer.ingest(site, b, now)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[2] as PromiseFulfilledResult<unknown>).value).toEqual({ stored: 1, duplicates: 0 });
    const n = (await c.runAndReadAll('select count(*)::int as n from events')).getRowObjectsJson()[0]!.n;
    expect(n).toBe(3);
    await writer.close();
    c.closeSync();
    db.closeSync();
  });

  it('stores a journey event and a signal once when a batch and its retry share a group', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await migrate(c);
    const writer = createWriter(c);
    const step = (pv: string): Batch => ({ ...batch(pv), events: [{ id: `${pv}.0`, t: now, k: 'step', f: 'checkout', s: 'payment' }, { id: `${pv}.1`, t: now, k: 'rage', sel: '#pay', n: 3, ox: 0.5, oy: 0.5, x: 1, y: 1 }] });
    // The first batch's commit is under way while the other two arrive: they form one group.
    const results = await Promise.all([step('a'), step('b'), step('b')].map((b) => writer.ingest(site, b, now)));
    expect(results.map((r) => r.stored)).toEqual([2, 2, 0]);
    const count = async (table: string) => (await c.runAndReadAll(`select count(*)::int as n from ${table}`)).getRowObjectsJson()[0]!.n;
    expect(await count('journey_events')).toBe(2);
    expect(await count('signals')).toBe(2);
    await writer.close();
    c.closeSync();
    db.closeSync();
  });

  it('stores a retry of an earlier group once, with the new events sent alongside it, also after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'touchmap-writer-test-'));
    try {
      const open = async () => {
        const db = await DuckDBInstance.create(join(dir, 'x.duckdb'));
        const c = await db.connect();
        await migrate(c);
        return { db, c, writer: createWriter(c, join(dir, 'group.csv')) };
      };
      const events = (pv: string, from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ id: `${pv}.${from + i}`, t: now + from + i, k: i % 2 ? 'dead' : 'step', sel: '#a', ox: 0.5, oy: 0.5, x: 1, y: 1, f: 'checkout', s: 'pay' })) as Batch['events'];
      const b = (pv: string, from: number, to: number): Batch => ({ ...batch(pv), events: events(pv, from, to) });
      let { db, c, writer } = await open();
      expect(await writer.ingest(site, b('a', 0, 4), now)).toEqual({ stored: 4, duplicates: 0 });
      // A later group: a retry of two stored events with two new ones, and a batch of new ones only.
      const later = await Promise.all([writer.ingest(site, b('x', 0, 1), now), writer.ingest(site, b('a', 2, 6), now), writer.ingest(site, b('c', 0, 3), now)]);
      expect(later).toEqual([{ stored: 1, duplicates: 0 }, { stored: 2, duplicates: 2 }, { stored: 3, duplicates: 0 }]);
      await writer.close();
      c.closeSync();
      db.closeSync();
      // After a restart, the same again, and a retry together with itself in one group.
      ({ db, c, writer } = await open());
      const again = await Promise.all([writer.ingest(site, b('y', 0, 1), now), writer.ingest(site, b('a', 0, 8), now), writer.ingest(site, b('a', 0, 8), now)]);
      expect(again).toEqual([{ stored: 1, duplicates: 0 }, { stored: 2, duplicates: 6 }, { stored: 0, duplicates: 8 }]);
      const count = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJson()[0]!.n;
      expect(await count('select count(*)::int as n from events')).toBe(8 + 1 + 3 + 1);
      expect(await count('select count(distinct id)::int as n from events')).toBe(8 + 1 + 3 + 1);
      expect(await count(`select count(*)::int as n from signals`)).toBe(await count(`select count(*)::int as n from events where k = 'dead'`));
      expect(await count(`select count(*)::int as n from journey_events`)).toBe(await count(`select count(*)::int as n from events where k = 'step'`));
      await writer.close();
      c.closeSync();
      db.closeSync();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stores text exactly as sent: quotes, commas, new lines, U+0001, empty strings, emoji', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await migrate(c);
    const writer = createWriter(c);
    const odd = ['', '"', '""', ',', '\n', '\r\n', '\u0001', '\u0001\u0001', 'a\u0001"b,\nc', '😀 é ß', '\\', "'"];
    const events = odd.map((s, i) => ({ id: `p.${i}${s}`, t: now, k: 'click', sel: s, ox: 0.5, oy: 0.5, x: 1, y: 2, sx: 0, sy: 0, vw: 1, vh: 1, tx: s, tp: s })) as Batch['events'];
    const sent: Batch = { ...batch('p'), sid: `s${odd.join('')}`, pv: `p${odd.join('')}`, bid: `b${odd.join('')}`, events };
    expect(await writer.ingest(site, sent, now)).toEqual({ stored: odd.length, duplicates: 0 });
    const rows = (await c.runAndReadAll('select id, sid, pv, bid, sel, tp, data from events')).getRowObjectsJson();
    for (const [i, s] of odd.entries()) {
      const r = rows.find((r) => r.id === `p.${i}${s}`)!;
      expect(r).toMatchObject({ sid: sent.sid, pv: sent.pv, bid: sent.bid, sel: s, tp: s });
      expect(JSON.parse(String(r.data))).toEqual({ sx: 0, sy: 0, vw: 1, vh: 1, tx: s });
    }
    await writer.close();
    c.closeSync();
    db.closeSync();
  });
});

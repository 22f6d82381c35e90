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
    c.closeSync();
    db.closeSync();
  });
});

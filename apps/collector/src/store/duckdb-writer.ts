import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { groupWrites, type Pending } from './group-writes.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { insertPageViews, JOURNEY_DATA_KINDS_SQL, JOURNEY_KINDS, JOURNEY_KINDS_SQL, pageViewRow, preparedOn, SIGNAL_KINDS, SIGNAL_KINDS_SQL, traitRows, upsertTraits, type PageViewRow, type TraitRow } from './duckdb-rows.ts';

const SIGNALS = new Set<string>(SIGNAL_KINDS);
const JOURNEY = new Set<string>(JOURNEY_KINDS);

/** Fields stored in columns of their own; the rest of an event goes to `data`. */
const COLUMNS = new Set(['id', 't', 'k', 'sel', 'ox', 'oy', 'x', 'y', 'fx', 'pts', 'tp']);

/** The group file's columns, in order, and their types. */
const CSV_COLUMNS = `{'id': 'VARCHAR', 'site': 'VARCHAR', 'sid': 'VARCHAR', 'pv': 'VARCHAR', 'bid': 'VARCHAR', 't': 'BIGINT', 'received': 'BIGINT', 'k': 'VARCHAR', 'sel': 'VARCHAR', 'ox': 'DOUBLE', 'oy': 'DOUBLE', 'x': 'INTEGER', 'y': 'INTEGER', 'fx': 'BOOLEAN', 'pts': 'UTINYINT[]', 'data': 'VARCHAR', 'tp': 'VARCHAR'}`;

/** A CSV field: text quoted (quotes doubled; a quoted empty string stays empty), absent = empty. */
const text = (s: unknown) => (typeof s === 'string' ? `"${s.includes('"') ? s.replaceAll('"', '""') : s}"` : '');
const num = (n: unknown) => (typeof n === 'number' ? String(n) : '');

/**
 * The group-commit writer. Batches that arrive while a commit is under way wait for the next
 * one, which takes them all, and are acknowledged only once it is committed. A committed
 * transaction survives kill -9 (tested); grouping is what makes that promise cheap (one commit
 * per group, not per batch).
 *
 * The group's events travel to DuckDB as one CSV file (`file`, rewritten for every group: the
 * writer runs one group at a time), which DuckDB's CSV reader parses into typed columns. It
 * replaced one JSON document per group: parsing it and re-serializing each event's `data`
 * object cost more than the insert itself (bench/README.md). An appender before that was
 * dropped: ~16 native calls per event on Node's main thread, and under load (@duckdb/node-api
 * 1.5.6-r.1) it intermittently failed a group with "Invalid unicode (byte sequence mismatch)
 * detected in segment statistics update" on plain ASCII strings.
 *
 * Idempotency is the `events.id` primary key. Events repeated inside a group (a batch and its
 * retry in one group) are dropped here; the rest are inserted with a plain INSERT, whose key
 * check is cheap. Only when that finds an event stored before (a retry of an earlier group:
 * rare) is the transaction rolled back and the group written with INSERT OR IGNORE … RETURNING,
 * which answers which events are new but costs ~3× as much. `c` belongs to the writer alone: a
 * DuckDB connection runs one statement at a time.
 */
export function createWriter(c: DuckDBConnection, file?: string) {
  const exec = preparedOn(c);
  let scratch: string | undefined;
  if (!file) file = join((scratch = mkdtempSync(join(tmpdir(), 'touchmap-writer-'))), 'group.csv');
  const read = `read_csv('${file.replaceAll("'", "''")}', columns = ${CSV_COLUMNS}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', new_line = '\\n', allow_quoted_nulls = false, parallel = false)`;
  const EVENTS = `select id, site, sid, pv, bid, t, received, k, sel, ox, oy, x, y, fx, pts, data, hash(site, pv), tp from ${read}`;

  /** One event as a CSV line: envelope, columns, the other fields as JSON text in `data`. */
  const line = (site: string, p: Pending, e: Record<string, unknown>) => {
    const data: Record<string, unknown> = {};
    for (const key in e) if (!COLUMNS.has(key)) data[key] = e[key];
    const { sid, pv, bid } = p.batch;
    const pts = e.pts as number[] | undefined;
    return `${text(e.id)},${text(site)},${text(sid)},${text(pv)},${text(bid)},${num(e.t)},${num(p.receivedAt)},${text(e.k)},${text(e.sel)},${num(e.ox)},${num(e.oy)},${num(e.x)},${num(e.y)},${e.fx === 1 ? 'true' : ''},${pts ? `"[${pts.join(',')}]"` : ''},${text(JSON.stringify(data))},${e.k === 'click' ? text(e.tp) : ''}\n`;
  };

  const writeGroup = async (group: Pending[]) => {
    // Each event once (the first time it appears in the group), as a CSV line.
    const lines = new Map<string, { line: string; k: string }>();
    const views: PageViewRow[] = [];
    const traits = new Map<string, TraitRow>();
    for (const p of group) {
      const site = p.site.id;
      for (const e of p.batch.events) {
        const r = e as Record<string, unknown> & { id: string; t: number; k: string };
        if (lines.has(r.id)) continue;
        lines.set(r.id, { line: line(site, p, r), k: r.k });
        if (r.k === 'pv') views.push(pageViewRow(site, p.batch.sid, p.batch.pv, r.t, r));
        else if (r.k === 'seg') {
          for (const row of traitRows(site, p.batch.sid, r.t, r.traits as Record<string, unknown>)) {
            const key = `${row.site} ${row.sid} ${row.key}`;
            if ((traits.get(key)?.t ?? -Infinity) <= row.t) traits.set(key, row);
          }
        }
      }
    }
    const write = () => {
      let csv = '';
      for (const { line } of lines.values()) csv += line;
      writeFileSync(file, csv);
    };
    write();
    await c.run('begin');
    try {
      try {
        await exec(`insert into events ${EVENTS}`, {});
      } catch (e) {
        if (!/duplicate key/i.test(String(e))) throw e;
        // Some were stored by an earlier group: which are new, the slow way.
        await c.run('rollback');
        await c.run('begin');
        const inserted = await exec(`insert or ignore into events ${EVENTS} returning id`, {});
        const fresh = new Set(inserted.getRowObjectsJson().map((r) => String(r.id)));
        for (const id of lines.keys()) if (!fresh.has(id)) lines.delete(id);
        write();
      }
      // Friction events again in `signals`, the journey model's in `journey_events`.
      const kinds = new Set([...lines.values()].map((l) => l.k));
      if ([...kinds].some((k) => SIGNALS.has(k))) {
        await exec(`insert into signals select site, hash(site, pv), sid, t, k, sel, ox, oy, x, y, fx, id from ${read} where k in ${SIGNAL_KINDS_SQL}`, {});
      }
      if ([...kinds].some((k) => JOURNEY.has(k))) {
        await exec(`insert into journey_events select site, hash(site, pv), sid, t, id, k, sel, case when k in ${JOURNEY_DATA_KINDS_SQL} then data end from ${read} where k in ${JOURNEY_KINDS_SQL}`, {});
      }
      if (views.length) await insertPageViews(exec, views);
      if (traits.size) await upsertTraits(exec, [...traits.values()]);
      await c.run('commit');
    } catch (e) {
      await c.run('rollback').catch(() => {});
      throw e;
    }
    // Each stored event counts for the first batch of the group that carried it.
    for (const p of group) {
      let stored = 0;
      for (const e of p.batch.events) if (lines.delete(e.id)) stored++;
      p.resolve({ stored, duplicates: p.batch.events.length - stored });
    }
  };

  const writes = groupWrites(writeGroup);
  return {
    ...writes,
    /** Removes the writer's scratch directory (once no group is being written). */
    async close() {
      await writes.idle();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    },
  };
}

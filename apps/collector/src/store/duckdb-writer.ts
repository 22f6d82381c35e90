import { groupWrites, type Pending } from './group-writes.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { insertPageViews, JOURNEY_DATA_KINDS_SQL, JOURNEY_KINDS, pageViewRow, preparedOn, SIGNAL_KINDS, traitRows, upsertTraits, type PageViewRow, type TraitRow } from './duckdb-rows.ts';

/** An event as the writer sends it to DuckDB: envelope fields, columns, the rest as `data`. */
interface Row {
  id: string;
  site: string;
  sid: string;
  pv: string;
  k: string;
  [field: string]: unknown;
}
const SIGNALS = new Set<string>(SIGNAL_KINDS);
const JOURNEY = new Set<string>(JOURNEY_KINDS);

/** Fields stored in columns of their own; the rest of an event goes to `data`. */
const COLUMNS = new Set(['id', 't', 'k', 'sel', 'ox', 'oy', 'x', 'y', 'fx', 'pts', 'tp']);

// One JSON document per group, parsed and inserted by DuckDB: the row shape.
const EVENT_ROW = `[{"id":"VARCHAR","site":"VARCHAR","sid":"VARCHAR","pv":"VARCHAR","bid":"VARCHAR","t":"BIGINT","received":"BIGINT","k":"VARCHAR","sel":"VARCHAR","ox":"DOUBLE","oy":"DOUBLE","x":"INTEGER","y":"INTEGER","fx":"BOOLEAN","pts":"UTINYINT[]","data":"JSON","tp":"VARCHAR"}]`;

/**
 * The group-commit writer. Batches that arrive while a commit is under way wait for the next
 * one, which takes them all: one JSON document of rows, which DuckDB parses and inserts with
 * INSERT OR IGNORE (idempotent on event id; page views on their id) in one transaction, and
 * only then are they acknowledged. A committed transaction survives kill -9 (measured); grouping
 * is what makes that promise cheap (one commit per group, not per batch). Parsing in DuckDB,
 * off Node's main thread, replaced an appender: its ~16 native calls per event and synchronous
 * flush held the event loop, and under load (groups of 8 batches, @duckdb/node-api 1.5.6-r.1)
 * it intermittently failed a group with "Invalid unicode (byte sequence mismatch) detected in
 * segment statistics update" on plain ASCII strings. The appender was ~15% cheaper in DuckDB
 * CPU; correctness first. `c` belongs to the writer alone: a DuckDB connection runs one
 * statement at a time.
 */
export function createWriter(c: DuckDBConnection) {
  const exec = preparedOn(c);

  const writeGroup = async (group: Pending[]) => {
    const rows: Row[] = [];
    const views: PageViewRow[] = [];
    const traits = new Map<string, TraitRow>();
    for (const { site, batch, receivedAt } of group) {
      for (const e of batch.events) {
        const r = e as Record<string, unknown> & { id: string; t: number; k: string };
        const data: Record<string, unknown> = {};
        for (const key in r) if (!COLUMNS.has(key)) data[key] = r[key];
        rows.push({ id: r.id, site: site.id, sid: batch.sid, pv: batch.pv, bid: batch.bid, t: r.t, received: receivedAt, k: r.k, sel: r.sel, ox: r.ox, oy: r.oy, x: r.x, y: r.y, fx: r.fx === 1 || undefined, pts: r.pts, data, tp: r.k === 'click' ? r.tp : undefined });
        if (r.k === 'pv') views.push(pageViewRow(site.id, batch.sid, batch.pv, r.t, r));
        else if (r.k === 'seg') {
          for (const row of traitRows(site.id, batch.sid, r.t, r.traits as Record<string, unknown>)) {
            const key = `${row.site} ${row.sid} ${row.key}`;
            if ((traits.get(key)?.t ?? -Infinity) <= row.t) traits.set(key, row);
          }
        }
      }
    }
    await c.run('begin');
    try {
      const inserted = await exec(
        `insert or ignore into events
         select r.id, r.site, r.sid, r.pv, r.bid, r.t, r.received, r.k, r.sel, r.ox, r.oy, r.x, r.y, r.fx, r.pts, r.data::varchar, hash(r.site, r.pv), r.tp
         from (select unnest(from_json($rows, '${EVENT_ROW}')) as r)
         returning id`,
        { rows: JSON.stringify(rows) },
      );
      const fresh = new Set(inserted.getRowObjectsJson().map((r) => String(r.id)));
      // The rows stored now, each once: a retry adds nothing, and a batch and its retry can
      // share a group (both rows carry an id the insert returned).
      const once = new Set<string>();
      const stored = rows.filter((r) => fresh.has(r.id) && !once.has(r.id) && once.add(r.id));
      // Friction events again in `signals`.
      const signals = stored.filter((r) => SIGNALS.has(r.k));
      if (signals.length) {
        await exec(
          `insert into signals select r.site, hash(r.site, r.pv), r.sid, r.t, r.k, r.sel, r.ox, r.oy, r.x, r.y, r.fx, r.id
           from (select unnest(from_json($rows, '${EVENT_ROW}')) as r)`,
          { rows: JSON.stringify(signals) },
        );
      }
      // The journey model's events again in `journey_events`, likewise.
      const journey = stored.filter((r) => JOURNEY.has(r.k));
      if (journey.length) {
        await exec(
          `insert into journey_events select r.site, hash(r.site, r.pv), r.sid, r.t, r.id, r.k, r.sel, case when r.k in ${JOURNEY_DATA_KINDS_SQL} then r.data::varchar end
           from (select unnest(from_json($rows, '${EVENT_ROW}')) as r)`,
          { rows: JSON.stringify(journey) },
        );
      }
      if (views.length) await insertPageViews(exec, views);
      if (traits.size) await upsertTraits(exec, [...traits.values()]);
      await c.run('commit');
      for (const p of group) {
        const stored = p.batch.events.filter((e) => fresh.delete(e.id)).length;
        p.resolve({ stored, duplicates: p.batch.events.length - stored });
      }
    } catch (e) {
      await c.run('rollback').catch(() => {});
      throw e;
    }
  };

  return groupWrites(writeGroup);
}

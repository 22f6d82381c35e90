import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Batch } from '@touchmap/protocol';
import { groupWrites, type Pending } from './group-writes.ts';
import type { Site } from './store.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { IndexedSelectors } from './touchpoint-clicks.ts';
import { insertPageViews, JOURNEY_DATA_KINDS_SQL, JOURNEY_KINDS, JOURNEY_KINDS_SQL, pageViewRow, preparedOn, SIGNAL_KINDS, SIGNAL_KINDS_SQL, traitRows, upsertTraits, type PageViewRow, type TraitRow } from './duckdb-rows.ts';

const SIGNALS = new Set<string>(SIGNAL_KINDS);
const JOURNEY = new Set<string>(JOURNEY_KINDS);

/** Fields stored in columns of their own; the rest of an event goes to `data`. */
const COLUMNS = new Set(['id', 't', 'k', 'sel', 'ox', 'oy', 'x', 'y', 'fx', 'pts', 'tp']);

/** The group file's columns, in order, and their types. */
const CSV_COLUMNS = `{'id': 'VARCHAR', 'site': 'VARCHAR', 'sid': 'VARCHAR', 'pv': 'VARCHAR', 'bid': 'VARCHAR', 't': 'BIGINT', 'received': 'BIGINT', 'k': 'VARCHAR', 'sel': 'VARCHAR', 'ox': 'DOUBLE', 'oy': 'DOUBLE', 'x': 'INTEGER', 'y': 'INTEGER', 'fx': 'BOOLEAN', 'pts': 'UTINYINT[]', 'data': 'VARCHAR', 'tp': 'VARCHAR'}`;

/**
 * CSV fields are quoted with U+0001 (doubled inside a field) rather than `"`: JSON text never
 * holds a raw U+0001 (JSON.stringify escapes control characters), so an event's `data` needs no
 * escaping, and other text only in the rare field that holds one. A quoted empty field is an
 * empty string; an absent one, NULL.
 */
const Q = '\x01';
const text = (s: unknown) => (typeof s === 'string' ? (s.includes(Q) ? Q + s.replaceAll(Q, Q + Q) + Q : Q + s + Q) : '');
const num = (n: unknown) => (typeof n === 'number' ? String(n) : '');

/** A batch as it waits for its group: its events' ids and CSV lines, and the rows derived from it. */
interface Prepared {
  site: string;
  ids: string[];
  /** Per event: a click's selector (`true` for a click with a data-touchpoint: always a touchpoint click); other kinds nothing. */
  clicks: (string | true | undefined)[];
  lines: string[];
  kinds: string[];
  views: PageViewRow[];
  traits: TraitRow[];
}

/** One event as a CSV line: envelope, columns, the other fields as JSON text in `data`. */
function line(site: string, batch: Batch, receivedAt: number, e: Record<string, unknown>) {
  const data: Record<string, unknown> = {};
  for (const key in e) if (!COLUMNS.has(key)) data[key] = e[key];
  const pts = e.pts as number[] | undefined;
  return `${text(e.id)},${text(site)},${text(batch.sid)},${text(batch.pv)},${text(batch.bid)},${num(e.t)},${receivedAt},${text(e.k)},${text(e.sel)},${num(e.ox)},${num(e.oy)},${num(e.x)},${num(e.y)},${e.fx === 1 ? 'true' : ''},${pts ? `${Q}[${pts.join(',')}]${Q}` : ''},${Q}${JSON.stringify(data)}${Q},${e.k === 'click' ? text(e.tp) : ''}\n`;
}

/**
 * Done as a batch arrives, not when its group is written: the parsed batch can then be collected
 * young, instead of surviving in the queue (under load, copying and promoting it was a good part
 * of the main thread's garbage collection).
 */
function prepare(site: Site, batch: Batch, receivedAt: number): Prepared {
  const p: Prepared = { site: site.id, ids: [], clicks: [], lines: [], kinds: [], views: [], traits: [] };
  for (const e of batch.events) {
    const r = e as Record<string, unknown> & { id: string; t: number; k: string };
    p.ids.push(r.id);
    p.clicks.push(r.k !== 'click' ? undefined : typeof r.tp === 'string' ? true : typeof r.sel === 'string' ? r.sel : undefined);
    p.kinds.push(r.k);
    p.lines.push(line(site.id, batch, receivedAt, r));
    if (r.k === 'pv') p.views.push(pageViewRow(site.id, batch.sid, batch.pv, r.t, r));
    else if (r.k === 'seg') p.traits.push(...traitRows(site.id, batch.sid, r.t, r.traits as Record<string, unknown>));
  }
  return p;
}

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
export function createWriter(c: DuckDBConnection, file?: string, selectors = new IndexedSelectors()) {
  const exec = preparedOn(c);
  let scratch: string | undefined;
  if (!file) file = join((scratch = mkdtempSync(join(tmpdir(), 'touchmap-writer-'))), 'group.csv');
  // The group's touchpoint clicks, again, in a file of their own: a few lines to parse, not the group.
  const clicksFile = file.replace(/(\.csv)?$/, '-touchpoint-clicks.csv');
  const readOf = (path: string) => `read_csv('${path.replaceAll("'", "''")}', columns = ${CSV_COLUMNS}, header = false, auto_detect = false, delim = ',', quote = '${Q}', escape = '${Q}', new_line = '\\n', allow_quoted_nulls = false, parallel = false)`;
  const read = readOf(file);
  const EVENTS = `select id, site, sid, pv, bid, t, received, k, sel, ox, oy, x, y, fx, pts, data, hash(site, pv), tp from ${read}`;

  const writeGroup = async (group: Pending<Prepared>[]) => {
    // Each event once, the first time it appears in the group (`keep`: those of an earlier group
    // are left out too, once known).
    const write = async (keep?: Set<string>) => {
      const seen = new Set<string>();
      const kinds = new Set<string>();
      let csv = '';
      let touchpointClicks = '';
      for (const p of group) {
        for (let i = 0; i < p.ids.length; i++) {
          const id = p.ids[i]!;
          if (seen.has(id) || (keep && !keep.has(id))) continue;
          seen.add(id);
          kinds.add(p.kinds[i]!);
          csv += p.lines[i];
          const click = p.clicks[i];
          if (click === true || (click !== undefined && selectors.has(p.site, click))) touchpointClicks += p.lines[i];
        }
      }
      // Written synchronously (~1 MB into the page cache for 3,000 events): an await here resumed
      // only after the loop had parsed the burst of batches that arrived meanwhile (~30 ms under
      // load), with DuckDB idle all that time.
      writeFileSync(file!, csv);
      if (touchpointClicks) writeFileSync(clicksFile, touchpointClicks);
      return { stored: seen, kinds, clicks: touchpointClicks !== '' };
    };
    let { stored, kinds, clicks } = await write();
    const traits = new Map<string, TraitRow>();
    for (const p of group) {
      for (const row of p.traits) {
        const key = `${row.site} ${row.sid} ${row.key}`;
        if ((traits.get(key)?.t ?? -Infinity) <= row.t) traits.set(key, row);
      }
    }
    const views = group.flatMap((p) => p.views);
    // Friction events again in `signals`, the journey model's in `journey_events`, clicks on
    // touchpoint elements in `touchpoint_clicks` (`selectors` changes only between groups:
    // `exclusive`).
    const copies = () => [
      ...([...kinds].some((k) => SIGNALS.has(k)) ? [`insert into signals select site, hash(site, pv), sid, t, k, sel, ox, oy, x, y, fx, id from ${read} where k in ${SIGNAL_KINDS_SQL}`] : []),
      ...([...kinds].some((k) => JOURNEY.has(k)) ? [`insert into journey_events select site, hash(site, pv), sid, t, id, k, sel, case when k in ${JOURNEY_DATA_KINDS_SQL} then data end from ${read} where k in ${JOURNEY_KINDS_SQL}`] : []),
      ...(clicks ? [`insert into touchpoint_clicks select site, hash(site, pv), sid, t, id, sel, tp from ${readOf(clicksFile)}`] : []),
    ];
    // The statements go to DuckDB as one script where they can: each await of the writer resumes
    // only when Node's event loop gets to it, behind the requests being parsed meanwhile (under
    // load ~7 ms each, as long as DuckDB's own work). The common group is one round trip after
    // the file; page views and traits need bound values: their own statements.
    const rows = views.length > 0 || traits.size > 0;
    let committed = false;
    try {
      try {
        await c.run(['begin', `insert into events ${EVENTS}`, ...copies(), ...(rows ? [] : ['commit'])].join(';\n'));
        committed = !rows;
      } catch (e) {
        if (!/duplicate key/i.test(String(e))) throw e;
        // Some were stored by an earlier group: which are new, the slow way.
        await c.run('rollback');
        await c.run('begin');
        const inserted = await exec(`insert or ignore into events ${EVENTS} returning id`, {});
        ({ stored, kinds, clicks } = await write(new Set(inserted.getRowObjectsJson().map((r) => String(r.id)))));
        for (const sql of copies()) await c.run(sql);
      }
      if (views.length) await insertPageViews(exec, views);
      if (traits.size) await upsertTraits(exec, [...traits.values()]);
      if (!committed) await c.run('commit');
    } catch (e) {
      await c.run('rollback').catch(() => {});
      throw e;
    }
    // Each stored event counts for the first batch of the group that carried it.
    for (const p of group) {
      let n = 0;
      for (const id of p.ids) if (stored.delete(id)) n++;
      p.resolve({ stored: n, duplicates: p.ids.length - n });
    }
  };

  const writes = groupWrites(writeGroup, prepare);
  return {
    ...writes,
    /** Removes the writer's scratch directory (once no group is being written). */
    async close() {
      await writes.idle();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    },
  };
}

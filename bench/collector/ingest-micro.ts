// In-process ingest micro-bench: statement strategies for one group commit, timed and CPU-measured
// on a DuckDB file pre-filled with PREFILL events. Not a test.
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

const PREFILL = Number(process.env.PREFILL ?? 1_000_000);
const GROUP = Number(process.env.GROUP ?? 1600);
const ROUNDS = Number(process.env.ROUNDS ?? 40);
const dir = mkdtempSync(join(tmpdir(), 'ib-'));
const db = await DuckDBInstance.create(join(dir, 'x.duckdb'));
const c = await db.connect();
const cols = `site varchar not null, sid varchar not null, pv varchar not null, bid varchar not null, t bigint not null, received bigint not null, k varchar not null, sel varchar, ox double, oy double, x integer, y integer, fx boolean, pts utinyint[], data varchar not null, pvh ubigint not null, tp varchar`;
await c.run(`create table ev_pk (id varchar primary key, ${cols})`);
await c.run(`create table ev_np (id varchar not null, ${cols})`);
await c.run(`create table keys_h (h uhugeint primary key)`);
await c.run(`create table keys_b (h ubigint primary key)`);
const fill = `select md5(i::varchar) || '.' || (i % 50)::varchar as id, 'site-1', 's', md5(i::varchar), 'b', 1, 1, 'click', '#a', 0.5, 0.5, 1, 1, null, null, '{}', 1, null from range(${PREFILL}) t(i)`;
let t0 = performance.now();
await c.run(`insert into ev_pk ${fill}`);
await c.run(`insert into ev_np ${fill}`);
await c.run(`insert into keys_h select md5_number(md5(i::varchar) || '.' || (i % 50)::varchar) from range(${PREFILL}) t(i)`);
await c.run(`insert into keys_b select hash(md5(i::varchar) || '.' || (i % 50)::varchar) from range(${PREFILL}) t(i)`);
await c.run('checkpoint');
console.log(`prefill ${PREFILL} in ${(performance.now() - t0).toFixed(0)} ms`);

const EVENT_ROW = `[{"id":"VARCHAR","site":"VARCHAR","sid":"VARCHAR","pv":"VARCHAR","bid":"VARCHAR","t":"BIGINT","received":"BIGINT","k":"VARCHAR","sel":"VARCHAR","ox":"DOUBLE","oy":"DOUBLE","x":"INTEGER","y":"INTEGER","fx":"BOOLEAN","pts":"UTINYINT[]","data":"JSON","tp":"VARCHAR"}]`;
const rowsOf = () => {
  const rows = [];
  for (let b = 0; b < GROUP / 50; b++) {
    const pv = randomBytes(16).toString('hex');
    for (let i = 0; i < 50; i++) rows.push({ id: `${pv}.${i.toString(36)}`, site: 'site-1', sid: 's1', pv, bid: pv, t: Date.now(), received: Date.now(), k: 'click', sel: `#b${i % 40}`, ox: 0.5, oy: 0.5, x: 10 * i, y: 20, fx: undefined, pts: undefined, data: { sx: 0, sy: 0, vw: 1280, vh: 720 }, tp: undefined });
  }
  return rows;
};
type Row = ReturnType<typeof rowsOf>[number];
const q = (s: unknown) => (s === undefined || s === null ? '' : typeof s === 'string' ? `"${s.replaceAll('"', '""')}"` : String(s));
const csvOf = (rows: Row[], dataAsText = true) => rows.map((r) => [r.id, r.site, r.sid, r.pv, r.bid, r.t, r.received, r.k, r.sel, r.ox, r.oy, r.x, r.y, r.fx, r.pts ? `[${r.pts}]` : undefined, dataAsText ? JSON.stringify(r.data) : r.data, r.tp].map(q).join(',')).join('\n');
const CSV_COLS = `{'id':'VARCHAR','site':'VARCHAR','sid':'VARCHAR','pv':'VARCHAR','bid':'VARCHAR','t':'BIGINT','received':'BIGINT','k':'VARCHAR','sel':'VARCHAR','ox':'DOUBLE','oy':'DOUBLE','x':'INTEGER','y':'INTEGER','fx':'BOOLEAN','pts':'UTINYINT[]','data':'VARCHAR','tp':'VARCHAR'}`;
const csvPath = join(dir, 'g.csv');
const readCsv = `read_csv('${csvPath}', columns = ${CSV_COLS}, header = false, auto_detect = false, quote = '"', escape = '"', delim = ',', new_line = '\\n', parallel = false)`;

const variants: Record<string, (rows: Row[]) => Promise<number>> = {
  json_pk: async (rows) => {
    const r = await c.runAndReadAll(`insert or ignore into ev_pk select r.id, r.site, r.sid, r.pv, r.bid, r.t, r.received, r.k, r.sel, r.ox, r.oy, r.x, r.y, r.fx, r.pts, r.data::varchar, hash(r.site, r.pv), r.tp from (select unnest(from_json($rows, '${EVENT_ROW}')) as r) returning id`, { rows: JSON.stringify(rows) });
    return r.currentRowCount;
  },
  json_np: async (rows) => {
    await c.run(`insert into ev_np select r.id, r.site, r.sid, r.pv, r.bid, r.t, r.received, r.k, r.sel, r.ox, r.oy, r.x, r.y, r.fx, r.pts, r.data::varchar, hash(r.site, r.pv), r.tp from (select unnest(from_json($rows, '${EVENT_ROW}')) as r)`, { rows: JSON.stringify(rows) });
    return rows.length;
  },
  jsontext_np: async (rows) => {
    const ROW2 = EVENT_ROW.replace('"data":"JSON"', '"data":"VARCHAR"');
    await c.run(`insert into ev_np select r.id, r.site, r.sid, r.pv, r.bid, r.t, r.received, r.k, r.sel, r.ox, r.oy, r.x, r.y, r.fx, r.pts, r.data, hash(r.site, r.pv), r.tp from (select unnest(from_json($rows, '${ROW2}')) as r)`, { rows: JSON.stringify(rows.map((r) => ({ ...r, data: JSON.stringify(r.data) }))) });
    return rows.length;
  },
  csv_np: async (rows) => {
    writeFileSync(csvPath, csvOf(rows));
    await c.run(`insert into ev_np select id, site, sid, pv, bid, t, received, k, sel, ox, oy, x, y, fx, pts, data, hash(site, pv), tp from ${readCsv}`);
    return rows.length;
  },
  csv_pk: async (rows) => {
    writeFileSync(csvPath, csvOf(rows));
    const r = await c.runAndReadAll(`insert or ignore into ev_pk select id, site, sid, pv, bid, t, received, k, sel, ox, oy, x, y, fx, pts, data, hash(site, pv), tp from ${readCsv} returning id`);
    return r.currentRowCount;
  },
  csv_keysh_np: async (rows) => {
    writeFileSync(csvPath, csvOf(rows));
    await c.run(`create or replace temp table stage as select * from ${readCsv}`);
    const fresh = await c.runAndReadAll(`insert or ignore into keys_h select md5_number(id) from stage returning h`);
    await c.run(`insert into ev_np select id, site, sid, pv, bid, t, received, k, sel, ox, oy, x, y, fx, pts, data, hash(site, pv), tp from stage`);
    return fresh.currentRowCount;
  },
  keysh_only: async (rows) => {
    const fresh = await c.runAndReadAll(`insert or ignore into keys_h select md5_number(unnest(from_json($ids, '["VARCHAR"]'))) returning h`, { ids: JSON.stringify(rows.map((r) => r.id)) });
    return fresh.currentRowCount;
  },
  keysh_plain: async (rows) => {
    await c.run(`insert into keys_h select md5_number(unnest(from_json($ids, '["VARCHAR"]')))`, { ids: JSON.stringify(rows.map((r) => r.id)) });
    return rows.length;
  },
  keysb_only: async (rows) => {
    const fresh = await c.runAndReadAll(`insert or ignore into keys_b select hash(unnest(from_json($ids, '["VARCHAR"]'))) returning h`, { ids: JSON.stringify(rows.map((r) => r.id)) });
    return fresh.currentRowCount;
  },
  jsontext_pk_plain: async (rows) => {
    const ROW2 = EVENT_ROW.replace('"data":"JSON"', '"data":"VARCHAR"');
    await c.run(`insert into ev_pk select r.id, r.site, r.sid, r.pv, r.bid, r.t, r.received, r.k, r.sel, r.ox, r.oy, r.x, r.y, r.fx, r.pts, r.data, hash(r.site, r.pv), r.tp from (select unnest(from_json($rows, '${ROW2}')) as r)`, { rows: JSON.stringify(rows.map((r) => ({ ...r, data: JSON.stringify(r.data) }))) });
    return rows.length;
  },
  csv_pk_plain: async (rows) => {
    writeFileSync(csvPath, csvOf(rows));
    await c.run(`insert into ev_pk select id, site, sid, pv, bid, t, received, k, sel, ox, oy, x, y, fx, pts, data, hash(site, pv), tp from ${readCsv}`);
    return rows.length;
  },
  csv_keys_np: async (rows) => {
    writeFileSync(csvPath, csvOf(rows));
    await c.run(`insert into keys_h select md5_number(id) from ${readCsv}`);
    await c.run(`insert into ev_np select id, site, sid, pv, bid, t, received, k, sel, ox, oy, x, y, fx, pts, data, hash(site, pv), tp from ${readCsv}`);
    return rows.length;
  },
  empty_commit: async () => 0,
};
const only = process.env.ONLY?.split(',');
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
// Variants interleaved round by round: the machine's load and DuckDB's checkpoints fall on all alike.
const names = Object.keys(variants).filter((n) => !only || only.includes(n));
const acc = Object.fromEntries(names.map((n) => [n, { stmt: 0, commit: 0, cpu: 0 }]));
for (let round = -3; round < ROUNDS; round++)
  for (const name of names) {
    const rows = rowsOf();
    const c0 = cpu(), a = performance.now();
    await c.run('begin');
    await variants[name]!(rows);
    const b = performance.now();
    await c.run('commit');
    if (round < 0) continue;
    const s = acc[name]!;
    s.stmt += b - a; s.commit += performance.now() - b; s.cpu += cpu() - c0;
  }
for (const name of names) {
  const s = acc[name]!;
  console.log(`${name.padEnd(18)} per ${GROUP} events: statement ${(s.stmt / ROUNDS).toFixed(1)} ms, commit ${(s.commit / ROUNDS).toFixed(1)} ms, CPU ${(s.cpu / ROUNDS).toFixed(1)} ms`);
}
c.closeSync();
db.closeSync();
rmSync(dir, { recursive: true, force: true });

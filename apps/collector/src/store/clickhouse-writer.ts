import { groupWrites, type Pending } from './group-writes.ts';
import type { ClickHouse, Row } from './clickhouse-connection.ts';
import { inList, lit } from './clickhouse-literal.ts';
import { pageViewRow, traitRows } from './duckdb-rows.ts';

/** Fields stored in columns of their own; the rest of an event goes to `data` (JSON text). */
const COLUMNS = new Set(['id', 't', 'k', 'sel', 'ox', 'oy', 'x', 'y', 'fx', 'pts', 'tp']);
const text = (x: unknown) => (typeof x === 'string' ? x : null);
const number = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/**
 * The fields reads aggregate over, as columns (see clickhouse-schema.ts): a touchpoint's, track
 * event's or vital's name (a step's as "funnel:step"), a field action and reason, an error
 * message, a vital's rating, a survey's place, and the one number each kind is read for.
 */
function derived(e: Record<string, unknown>) {
  const k = e.k;
  const props = e.props as Record<string, unknown> | undefined;
  return {
    name: k === 'step' ? `${String(e.f)}:${String(e.s)}` : k === 'tp' || k === 'track' || k === 'vital' ? text(e.name) : null,
    a: k === 'field' ? text(e.a) : null,
    why: text(e.why),
    msg: k === 'errclick' || k === 'err' ? text(e.msg) : null,
    r: k === 'vital' ? text(e.r) : null,
    at: k === 'survey' ? text(e.at) : null,
    v: k === 'hover' ? number(e.ms) : k === 'vital' ? number(e.val) : k === 'scroll' ? number(e.d) : k === 'survey' ? number(e.v) : k === 'track' ? number(props?.value) : null,
    h: k === 'scroll' ? number(e.h) : null,
  };
}

/**
 * Group inserts: batches that arrive while an insert is under way wait for the next one, which
 * takes them all — ClickHouse wants few large inserts (each makes a part on disk), and one
 * request per table per group is what keeps a busy site under its part limits. A batch is
 * acknowledged only after ClickHouse has acknowledged every insert of its group.
 *
 * Exactly once: the events of a group that are stored already are asked for first and not sent
 * again; copies that still arise (two collectors inserting one batch at the same moment) are one
 * row after a merge of the ReplacingMergeTree tables, and reads deduplicate with FINAL until then.
 * Page views and traits go first, always (replaced by key), events last, so an event that is
 * stored has its page view stored. Two collectors racing on one batch may both count it as new
 * (`stored`): the count is informational, the storage exactly-once.
 */
export function createClickHouseWriter(ch: ClickHouse) {

  const writeGroup = async (group: Pending[]) => {
    const events: Row[] = [];
    const views: Row[] = [];
    const traits: Row[] = [];
    const bySite = new Map<string, { ids: Set<string>; kinds: Set<string>; from: number; to: number }>();
    for (const { site, batch, receivedAt } of group) {
      const ask = bySite.get(site.id) ?? { ids: new Set(), kinds: new Set(), from: Infinity, to: -Infinity };
      bySite.set(site.id, ask);
      for (const e of batch.events) {
        const r = e as Record<string, unknown> & { id: string; t: number; k: string };
        const data: Record<string, unknown> = {};
        for (const key in r) if (!COLUMNS.has(key)) data[key] = r[key];
        events.push({
          site: site.id, k: r.k, t: r.t, id: r.id, sid: batch.sid, pv: batch.pv, bid: batch.bid, received: receivedAt,
          sel: r.sel ?? null, ox: r.ox ?? null, oy: r.oy ?? null, x: r.x ?? null, y: r.y ?? null, fx: r.fx === 1 ? 1 : 0, pts: r.pts ?? [],
          tp: r.k === 'click' ? (r.tp ?? null) : null, ...derived(r), data: JSON.stringify(data),
        });
        ask.ids.add(r.id);
        ask.kinds.add(r.k);
        ask.from = Math.min(ask.from, r.t);
        ask.to = Math.max(ask.to, r.t);
        if (r.k === 'pv') views.push({ ...pageViewRow(site.id, batch.sid, batch.pv, r.t, r), new: r.nv === 1 ? 1 : 0 });
        else if (r.k === 'seg') for (const row of traitRows(site.id, batch.sid, r.t, r.traits as Record<string, unknown>)) traits.push({ ...row });
      }
    }
    // Events stored already (a retry): counted as duplicates.
    const known = new Set<string>();
    for (const [site, ask] of bySite) {
      if (!ask.ids.size) continue;
      const rows = await ch.rows(
        `select id from events where site = ${lit(site)} and k in ${inList([...ask.kinds])} and t between ${lit(ask.from)} and ${lit(ask.to)} and id in ${inList([...ask.ids])} group by id`,
      );
      for (const r of rows) known.add(String(r.id));
    }
    await ch.insert('pageviews', views);
    await ch.insert('traits', traits);
    // Events stored already, or twice in this group (a batch and its retry), are not sent again: fewer copies for FINAL to merge away. (An insert
    // is one block, stored whole or not at all; a copy still arises when two collectors insert
    // one batch at the same moment, and reads deduplicate it.)
    const sent = new Set(known);
    await ch.insert('events', events.filter((e) => !sent.has(String(e.id)) && !!sent.add(String(e.id))));
    for (const p of group) {
      let stored = 0;
      for (const e of p.batch.events) if (!known.has(e.id)) (known.add(e.id), stored++);
      p.resolve({ stored, duplicates: p.batch.events.length - stored });
    }
  };

  return groupWrites(writeGroup);
}

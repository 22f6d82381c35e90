import type { ClickHouse } from './clickhouse-connection.ts';
import { int, lit } from './clickhouse-literal.ts';
import { MONTHLY_TABLES } from './clickhouse-schema.ts';
import type { Expired } from './store.ts';

/**
 * Retention on ClickHouse: drops the monthly partitions (`toYYYYMM(ts)`, server time zone) of
 * events and page views whose month ends before `cutoff` — whole partitions, because 18.16 has
 * no TTL and a DELETE mutation would rewrite every part. The cutoff's own month stays whole.
 */
export async function dropExpiredMonths(ch: ClickHouse, cutoff: number): Promise<Expired> {
  const seconds = int(Math.floor(cutoff / 1000));
  // The month as the partition key computes it: in the server's time zone, not Node's.
  const [bound] = await ch.rows(`select toYYYYMM(toDateTime(${seconds})) as month, toUnixTimestamp(toDateTime(toStartOfMonth(toDateTime(${seconds})))) as start`);
  const month = Number(bound!.month);
  const removed = { events: 0, pageviews: 0 };
  for (const table of MONTHLY_TABLES) {
    const parts = await ch.rows(`select partition from system.parts where database = currentDatabase() and table = ${lit(table)} and active group by partition order by partition`);
    for (const { partition } of parts) {
      const yyyymm = Number(partition);
      if (!Number.isInteger(yyyymm) || yyyymm >= month) continue;
      // Nothing in an earlier month can be newer than the cutoff, unless the server's time zone
      // changed since the rows were written: then the partition stays.
      const [newer] = await ch.rows(`select count() as n from ${table} where toYYYYMM(ts) = ${int(yyyymm)} and t >= ${int(cutoff)}`);
      if (Number(newer?.n)) continue;
      const [rows] = await ch.rows(`select count() as n from ${table} final where toYYYYMM(ts) = ${int(yyyymm)}`);
      await ch.command(`alter table ${table} drop partition ${int(yyyymm)}`);
      removed[table] += Number(rows?.n ?? 0);
    }
  }
  return { events: removed.events, pageViews: removed.pageviews, before: Number(bound!.start) * 1000 };
}

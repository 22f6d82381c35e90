import { lit } from './clickhouse-literal.ts';
import type { Query } from './store.ts';

const DEVICE_CODE = { mobile: 'm', tablet: 't', desktop: 'd' } as const;

/** Page views of a site, deduplicated (a retried `pv` event is inserted again). */
export const pageviewsOf = (site: string) => `(select *, pvh from pageviews final prewhere site = ${lit(site)})`;

/**
 * The conditions on page views (columns unqualified) that a query's URL, page group and segment
 * select — scope-sql.ts for ClickHouse: values are literals made by clickhouse-literal.ts.
 * Empty when the query looks at every page view.
 */
export function chScope(site: string, q: Pick<Query, 'url' | 'page' | 'segment'>): string {
  const parts: string[] = [];
  const { segment: s } = q;
  if (q.url !== undefined) parts.push(`url = ${lit(q.url)}`);
  if (q.page !== undefined) parts.push(`page = ${lit(q.page)}`);
  if (s.device) parts.push(`dev = ${lit(DEVICE_CODE[s.device])}`);
  if (s.viewport) parts.push(`band = ${lit(s.viewport)}`);
  if (s.visitor) parts.push(s.visitor === 'new' ? 'new = 1' : 'new = 0');
  // A session's source is its landing page's: later pages of a visit have no outside referrer.
  if (s.source !== undefined) parts.push(`sid in (select sid from ${pageviewsOf(site)} group by sid having argMin(src, t) = ${lit(s.source)})`);
  // The latest value of each trait counts.
  for (const [key, value] of s.traits ?? []) {
    parts.push(`sid in (select sid from (select sid, argMax(value, t) as value from traits where site = ${lit(site)} and key = ${lit(key)} group by sid) where value = ${lit(value)})`);
  }
  return parts.map((p) => ` and ${p}`).join('');
}

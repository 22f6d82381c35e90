import type { Query } from './store.ts';

export type Params = Record<string, string | number>;

const DEVICE_CODE = { mobile: 'm', tablet: 't', desktop: 'd' } as const;

/**
 * The conditions on page views (alias `p`) that a query's URL, page group and segment select,
 * as SQL text made only of fixed fragments plus the named parameters they bind: values never
 * reach the SQL text. Empty when the query looks at every page view.
 */
export function scopeSql(q: Pick<Query, 'url' | 'page' | 'segment'>): { sql: string; params: Params } {
  const parts: string[] = [];
  const params: Params = {};
  const { segment: s } = q;
  if (q.url !== undefined) (parts.push('p.url = $s_url'), (params.s_url = q.url));
  if (q.page !== undefined) (parts.push('p.page = $s_page'), (params.s_page = q.page));
  if (s.device) (parts.push('p.dev = $s_dev'), (params.s_dev = DEVICE_CODE[s.device]));
  if (s.viewport) (parts.push('p.band = $s_band'), (params.s_band = s.viewport));
  if (s.visitor) parts.push(s.visitor === 'new' ? 'p.new' : 'not p.new');
  if (s.source !== undefined) {
    // A session's source is its landing page's: later pages of a visit have no outside referrer.
    parts.push('p.sid in (select sid from pageviews where site = $site group by sid having arg_min(src, t) = $s_src)');
    params.s_src = s.source;
  }
  s.traits?.forEach(([key, value], i) => {
    parts.push(`p.sid in (select sid from traits where site = $site and key = $s_tk${i} and value = $s_tv${i})`);
    params[`s_tk${i}`] = key;
    params[`s_tv${i}`] = value;
  });
  return { sql: parts.map((p) => ` and ${p}`).join(''), params };
}

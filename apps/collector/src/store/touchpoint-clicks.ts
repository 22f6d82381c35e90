import type { DuckDBConnection } from '@duckdb/node-api';
import type { JourneyDefinition } from '@touchmap/journey';

/**
 * `touchpoint_clicks` repeats the clicks a journey can count as touchpoint hits: those on an
 * element with `data-touchpoint`, and those on a selector that a journey definition of the site
 * (any version) names. Clicks are most events (≈ 80% in the bench), so finding a touchpoint's
 * clicks in `events` read the kind and selector of every row and then fetched the scattered
 * matches (at 10M events ~100 ms of each journey query, bench/README.md); here they are a few
 * thousand rows. `journey_selectors` lists the selectors indexed so far, per site: a new
 * definition's selectors are added, with the clicks already stored on them, before any later
 * group is written (the writer runs the change between two groups).
 */
export const TOUCHPOINT_CLICKS = `create table if not exists touchpoint_clicks (site varchar not null, pvh ubigint not null, sid varchar not null, t bigint not null, id varchar not null, sel varchar, tp varchar)`;
export const JOURNEY_SELECTORS = `create table if not exists journey_selectors (site varchar not null, sel varchar not null, primary key (site, sel))`;

/** The selectors a journey definition matches clicks by. */
export function selectorsOf(journey: Pick<JourneyDefinition, 'touchpoints'>): string[] {
  return [...new Set(journey.touchpoints.flatMap((t) => (t.match.selector !== undefined ? [t.match.selector] : [])))];
}

/** Which selectors each site's touchpoint clicks are indexed by: the writer's and the queries' view of `journey_selectors`. */
export class IndexedSelectors {
  private readonly bySite = new Map<string, Set<string>>();

  /** Loads every site's selectors (once, when the store opens). */
  async load(c: DuckDBConnection): Promise<this> {
    for (const r of (await c.runAndReadAll('select site, sel from journey_selectors')).getRowObjectsJson()) this.add(String(r.site), [String(r.sel)]);
    return this;
  }

  /** True when a click of `site` on `sel` belongs in touchpoint_clicks. */
  has(site: string, sel: string): boolean {
    return this.bySite.get(site)?.has(sel) ?? false;
  }

  /** True when every selector of `journey` is indexed for `site`: its clicks can be read from touchpoint_clicks. */
  covers(site: string, journey: Pick<JourneyDefinition, 'touchpoints'>): boolean {
    return selectorsOf(journey).every((s) => this.has(site, s));
  }

  add(site: string, selectors: string[]): void {
    let set = this.bySite.get(site);
    if (!set) this.bySite.set(site, (set = new Set()));
    for (const s of selectors) set.add(s);
  }

  forget(site: string): void {
    this.bySite.delete(site);
  }
}

/**
 * Adds `selectors` to a site's index and copies the clicks already stored on them into
 * touchpoint_clicks (those with a data-touchpoint are there already). Runs inside the caller's
 * transaction; returns the selectors that were new.
 */
export async function indexSelectors(c: DuckDBConnection, site: string, selectors: string[], known: IndexedSelectors): Promise<string[]> {
  const fresh = selectors.filter((s) => !known.has(site, s));
  if (!fresh.length) return [];
  const params: Record<string, string> = { site };
  const names = fresh.map((s, i) => ((params[`s${i}`] = s), `$s${i}`));
  await c.run(`insert or ignore into journey_selectors select $site, s from (values ${names.map((n) => `(${n})`).join(', ')}) v(s)`, params);
  await c.run(`insert into touchpoint_clicks select site, pvh, sid, t, id, sel, tp from events where site = $site and k = 'click' and tp is null and sel in (${names.join(', ')})`, params);
  return fresh;
}

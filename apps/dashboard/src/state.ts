/**
 * The dashboard's view lives in its URL, so a link shares it: which view, the date range, the
 * compare period, the segment, and the funnel shown. Parsing never throws: an unknown or broken
 * value falls back to its default.
 */
export type View = 'map' | 'pain' | 'funnels' | 'pages';
export const VIEWS: [View, string][] = [
  ['map', 'Journey map'],
  ['pain', 'Pain points'],
  ['funnels', 'Funnels'],
  ['pages', 'Pages'],
];

export interface ViewState {
  /** The site the view is of ('' until known): a link names it, the token must read it. */
  site: string;
  view: View;
  /** Epoch ms. */
  from: number;
  to: number;
  /** Compare with the period of the same length just before. */
  compare: boolean;
  device: '' | 'mobile' | 'tablet' | 'desktop';
  visitor: '' | 'new' | 'returning';
  source: string;
  viewport: '' | 's' | 'm' | 'l' | 'xl';
  funnel: string;
}

const DAY = 86_400_000;
const pick = <T extends string>(v: string | null, allowed: readonly T[], fallback: T): T => (allowed.includes(v as T) ? (v as T) : fallback);
const time = (v: string | null, fallback: number) => (v && /^\d{1,15}$/.test(v) ? Number(v) : fallback);

export function parseState(search: string, now: number): ViewState {
  const q = new URLSearchParams(search);
  const to = time(q.get('to'), now);
  const from = Math.min(time(q.get('from'), to - 30 * DAY), to);
  return {
    site: (q.get('site') ?? '').slice(0, 100),
    view: pick(q.get('view'), ['map', 'pain', 'funnels', 'pages'], 'map'),
    from,
    to,
    compare: q.get('compare') === '1',
    device: pick(q.get('device'), ['', 'mobile', 'tablet', 'desktop'], ''),
    visitor: pick(q.get('visitor'), ['', 'new', 'returning'], ''),
    source: (q.get('source') ?? '').slice(0, 100),
    viewport: pick(q.get('viewport'), ['', 's', 'm', 'l', 'xl'], ''),
    funnel: (q.get('funnel') ?? '').slice(0, 64),
  };
}

/** The URL query of a state: only what differs from "nothing chosen", times always (so a link pins the range). */
export function stateQuery(s: ViewState): string {
  const q = new URLSearchParams({ ...(s.site ? { site: s.site } : {}), view: s.view, from: String(s.from), to: String(s.to) });
  if (s.compare) q.set('compare', '1');
  for (const k of ['device', 'visitor', 'source', 'viewport', 'funnel'] as const) if (s[k]) q.set(k, s[k]);
  return q.toString();
}

/** The read API's parameters for a state: range, segment and, when comparing, the period before. */
export function apiParams(s: ViewState): Record<string, string> {
  const p: Record<string, string> = { from: String(s.from), to: String(s.to) };
  if (s.device) p.device = s.device;
  if (s.visitor) p.visitor = s.visitor;
  if (s.source) p.source = s.source;
  if (s.viewport) p.viewport = s.viewport;
  if (s.compare) {
    p.compareFrom = String(s.from - (s.to - s.from));
    p.compareTo = String(s.from);
  }
  return p;
}

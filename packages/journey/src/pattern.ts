/**
 * URL patterns of touchpoints: a path where `:name` matches one segment, `*` at the end matches
 * the rest, and anything else matches literally; the query string is ignored. `/product/:id`
 * matches `/product/12?ref=x`; `/checkout/*` matches `/checkout` and everything under it. Page
 * groups (`/product/:id`, as the collector reports them) are patterns of themselves.
 */
export function compilePattern(pattern: string): (url: string) => boolean {
  const path = pattern.split(/[?#]/, 1)[0]!;
  const wildcard = path.endsWith('/*');
  const parts = (wildcard ? path.slice(0, -2) : path).split('/');
  return (url) => {
    const segs = (url.split(/[?#]/, 1)[0] || '/').split('/');
    if (wildcard ? segs.length < parts.length : segs.length !== parts.length) return false;
    return parts.every((p, i) => (p.startsWith(':') ? segs[i] !== '' : p === segs[i]));
  };
}

/**
 * The same pattern as an anchored regular expression over a URL's path (query and fragment
 * already removed), for stores that match in SQL. Agrees with compilePattern (tested).
 */
export function patternRegex(pattern: string): string {
  const path = pattern.split(/[?#]/, 1)[0]!;
  const wildcard = path.endsWith('/*');
  const parts = (wildcard ? path.slice(0, -2) : path).split('/');
  const body = parts.map((p) => (p.startsWith(':') ? '[^/]+' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
  return `^${body}${wildcard ? '(/.*)?' : ''}$`;
}

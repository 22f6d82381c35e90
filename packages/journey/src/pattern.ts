/**
 * The page a URL shows: its path, and a hash router's route (`#/cart`, `#!/cart`) as segments
 * after a `#` segment, so `/app#/cart?x=1` is `/app/#/cart`. The query, an anchor (`#reviews`)
 * and a router's empty route (`#/`, its home: the page itself) are not part of it. The SDK
 * records hash routes in page-view URLs; the stores compute the same in SQL (tested alike).
 */
export function pagePath(url: string): string {
  const [, path, route] = /^([^?#]*)(?:\?[^#]*)?(?:#!?(\/[^?]+))?/.exec(url)!;
  const p = path || '/';
  return route ? p + (p.endsWith('/') ? '#' : '/#') + route : p;
}

/**
 * URL patterns of touchpoints: a path where `:name` matches one segment, `*` at the end matches
 * the rest, and anything else matches literally; the query string is ignored. `/product/:id`
 * matches `/product/12?ref=x`; `/checkout/*` matches `/checkout` and everything under it. A hash
 * router's pages are patterns too: `/#/product/:id` matches `/#/product/12` (see pagePath). Page
 * groups (`/product/:id`, as the collector reports them) are patterns of themselves.
 */
export function compilePattern(pattern: string): (url: string) => boolean {
  const path = pagePath(pattern);
  const wildcard = path.endsWith('/*');
  const parts = (wildcard ? path.slice(0, -2) : path).split('/');
  return (url) => {
    const segs = pagePath(url).split('/');
    if (wildcard ? segs.length < parts.length : segs.length !== parts.length) return false;
    // A parameter is a segment of the path or the route, never the `#` between them.
    return parts.every((p, i) => (p.startsWith(':') ? !!segs[i] && segs[i]![0] !== '#' : p === segs[i]));
  };
}

/**
 * The same pattern as an anchored regular expression over a URL's page path (pagePath: what the
 * stores compute in SQL), for stores that match in SQL. Agrees with compilePattern (tested).
 */
export function patternRegex(pattern: string): string {
  const path = pagePath(pattern);
  const wildcard = path.endsWith('/*');
  const parts = (wildcard ? path.slice(0, -2) : path).split('/');
  const body = parts.map((p) => (p.startsWith(':') ? '[^/#][^/]*' : p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
  return `^${body}${wildcard ? '(/.*)?' : ''}$`;
}

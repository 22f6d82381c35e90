import { csv, download } from '../export.ts';
import { apiParams } from '../state.ts';
import { overlayLink, useData, type ViewProps } from '../data.ts';

/** Pages with their friction, clicks and scroll depth; each opens in the overlay. */
export function PagesView({ api, state, site, origin }: ViewProps) {
  const { compareFrom: _f, compareTo: _t, ...params } = apiParams(state);
  const { data, error } = useData(async () => {
    const pages = (await api.pages({ ...params, limit: '50' })).rows;
    // Scroll depth per page group (the median reach: where half the views stop).
    const depth = await Promise.all(pages.map((p) => api.scroll({ ...params, page: p.page }).then((s) => s.folds.find((f) => f.reach === 0.5)?.depth ?? null, () => null)));
    return pages.map((p, i) => ({ ...p, depth: depth[i] }));
  }, [api, state.from, state.to, state.device, state.visitor, state.source, state.viewport]);
  if (error) return <p class="error">{error}</p>;
  if (!data) return <p class="muted">Loading…</p>;
  return (
    <section aria-label="Pages">
      <div class="toolbar">
        <button type="button" onClick={() => download(`touchmap-${site}-pages.csv`, csv(['page', 'urls', 'sessions', 'views', 'clicks', 'rage', 'dead', 'errors', 'median_scroll_depth'], data.map((p) => [p.page, p.urls, p.sessions, p.views, p.clicks, p.rage, p.dead, p.errors, p.depth])))}>
          Export CSV
        </button>
      </div>
      <table data-testid="pages">
        <thead>
          <tr>
            <th scope="col">Page</th>
            <th scope="col">Sessions</th>
            <th scope="col">Views</th>
            <th scope="col">Clicks</th>
            <th scope="col">Rage</th>
            <th scope="col">Dead</th>
            <th scope="col">Errors</th>
            <th scope="col">Half of views reach</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {data.map((p) => {
            const href = p.page.includes(':') ? null : overlayLink(origin, p.page);
            return (
              <tr key={p.page}>
                <td>
                  <code>{p.page}</code>
                </td>
                <td>{p.sessions}</td>
                <td>{p.views}</td>
                <td>{p.clicks}</td>
                <td>{p.rage}</td>
                <td>{p.dead}</td>
                <td>{p.errors}</td>
                <td>{p.depth == null ? '–' : `${Math.round(p.depth * 100)}%`}</td>
                <td>
                  {href && (
                    <a href={href} target="_blank" rel="noopener">
                      overlay
                    </a>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

import type { PainPoint } from '@touchmap/journey';
import { csv, download } from '../export.ts';
import { apiParams } from '../state.ts';
import { overlayLink, pct, plural, useData, type ViewProps } from '../data.ts';
import { foldPainPoints } from '../fold-pains.ts';

/** Where to open the overlay for a pain point: the page its element is seen on most. */
function OverlayLink({ api, p, origin, params }: { api: ViewProps['api']; p: PainPoint; origin?: string; params: Record<string, string> }) {
  const sel = p.sel ?? p.evidence.elements[0]?.sel;
  const { data } = useData(() => (sel ? api.element({ ...params, sel }) : Promise.resolve(null)), [sel, params.from, params.to]);
  const url = data?.pages[0]?.url ?? p.evidence.exitPages[0]?.url;
  const href = url ? overlayLink(origin, url, sel) : null;
  if (!href) return origin ? null : <span class="muted small">(add the site's origin to open the overlay)</span>;
  return (
    <a href={href} target="_blank" rel="noopener" data-testid="open-overlay">
      Open in the overlay{url ? ` on ${url}` : ''}
    </a>
  );
}

/** Pain points ranked by the sessions they cost (the lower bound of the interval), with evidence. */
export function PainView({ api, state, site, origin }: ViewProps) {
  const params = apiParams(state);
  const { data, error } = useData(() => api.painPoints(params), [api, state.from, state.to, state.compare, state.device, state.visitor, state.source, state.viewport]);
  if (error) return <p class="error">{error}</p>;
  if (!data) return <p class="muted">Loading…</p>;
  const all = [...data.ranked, ...data.notEnoughData];
  const shown = foldPainPoints(all);
  const ranked = new Set(data.ranked);
  const rows = all.map((p) => [p.touchpoint, p.kind, p.sel, p.affected, p.unaffected, p.conversionAffected, p.conversionUnaffected, p.sessionsLost, p.sessionsLostInterval[0], p.sessionsLostInterval[1], p.revenueLost, p.proven]);
  return (
    <section aria-label="Pain points">
      <div class="toolbar">
        <span class="muted">Ranked by sessions lost (lower bound of the 95% interval){data.meanOrderValue != null && ` · mean order ${data.meanOrderValue.toFixed(2)}`}</span>
        <button type="button" onClick={() => download(`touchmap-${site}-pain-points.csv`, csv(['touchpoint', 'signal', 'element', 'affected', 'unaffected', 'conversion_affected', 'conversion_unaffected', 'sessions_lost', 'lost_low', 'lost_high', 'revenue_lost', 'proven'], rows))}>
          Export CSV
        </button>
      </div>
      {!data.ranked.length && <p class="muted">No pain point has enough sessions on both sides yet (30 with and 30 without the signal).</p>}
      <ol class="pains" data-testid="pain-points">
        {shown.map((p) => (
          <li key={`${p.touchpoint}-${p.kind}-${p.sel ?? ''}`} class={ranked.has(p) ? 'ranked' : 'thin'}>
            <h3>
              <span class={`signal ${p.kind}`}>{p.kind}</span> at <b>{p.touchpoint}</b>
              {p.sel && <code class="sel">{p.sel}</code>}
            </h3>
            <p>
              <b data-testid="lost">{p.sessionsLost}</b> sessions lost (95%: {p.sessionsLostInterval[0]}–{p.sessionsLostInterval[1]}){p.revenueLost != null && ` · ≈ ${p.revenueLost.toFixed(2)} revenue`}
              {!ranked.has(p) && <span class="muted"> · not enough data yet</span>}
            </p>
            <p class="muted">
              conversion {pct(p.conversionAffected)} with the signal ({plural(p.affected, 'session')}) vs {pct(p.conversionUnaffected)} without ({plural(p.unaffected, 'session')})
            </p>
            {p.evidence.elements.length > 0 && <p class="muted small">elements: {p.evidence.elements.map((e) => `${e.sel} (${e.n})`).join(', ')}</p>}
            {p.evidence.exitPages.length > 0 && <p class="muted small">exit pages: {p.evidence.exitPages.map((e) => `${e.url} (${e.n})`).join(', ')}</p>}
            <OverlayLink api={api} p={p} origin={origin} params={params} />
          </li>
        ))}
      </ol>
    </section>
  );
}

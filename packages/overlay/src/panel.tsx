import { useState } from 'preact/hooks';
import type { TouchpointReport } from '@touchmap/journey';
import type { Filters, HeatKind } from '@touchmap/client';
import { hotspotCounts, pct, plural } from './words.ts';
import type { Layer, PageData } from './overlay.tsx';
import type { Resolver } from './resolve.ts';

type Reports = Map<string, { now: TouchpointReport; before?: TouchpointReport }>;
type Update<T> = (f: (x: T) => T) => void;

const KINDS: [HeatKind, string][] = [
  ['click', 'Clicks'],
  ['move', 'Pointer moves'],
  ['rage', 'Rage clicks'],
  ['dead', 'Dead clicks'],
  ['errclick', 'Error clicks'],
  ['disabled', 'Clicks on disabled controls'],
];

/** Friction now against the period before: ▲ worse, ▼ better. */
function Trend({ now, before }: { now: number; before?: number }) {
  if (before === undefined) return <span class="muted">no earlier data</span>;
  const d = Math.round((now - before) * 10) / 10;
  if (!d) return <span class="muted">= previous period</span>;
  return (
    <span class={d > 0 ? 'up' : 'down'} title="friction against the previous period of the same length">
      {d > 0 ? '▲' : '▼'} {Math.abs(d)} vs previous period
    </span>
  );
}

/** The side panel: filters, layers, and what the journey model says about this page. */
export function Panel(p: {
  site: string;
  url: string;
  data: PageData | null;
  error: string;
  filters: Filters;
  setFilters: Update<Filters>;
  kind: HeatKind;
  setKind: (k: HeatKind) => void;
  layer: Layer;
  setLayer: Update<Layer>;
  inspect: boolean;
  setInspect: Update<boolean>;
  reports: Reports;
  resolver: Resolver;
  close: () => void;
  signOut: () => void;
}) {
  const { data, filters, layer } = p;
  // Folded to a tab, the panel uncovers the page under it (the researcher still uses the site).
  const [folded, setFolded] = useState(false);
  if (folded)
    return (
      <aside class="panel folded" aria-label="touchmap overlay">
        <button class="btn primary" type="button" onClick={() => setFolded(false)}>
          touchmap ◂
        </button>
      </aside>
    );
  const stageName = (id: string) => data?.journey?.stages.find((s) => s.id === id)?.name ?? id;
  const toggle = (k: keyof Layer) => (
    <label>
      <input type="checkbox" checked={layer[k]} onChange={() => p.setLayer((l) => ({ ...l, [k]: !l[k] }))} />
      {{ heat: 'Heatmap', hotspots: 'Friction hotspots', folds: 'Scroll-depth fold lines' }[k]}
    </label>
  );
  return (
    <aside class="panel" aria-label="touchmap overlay">
      <header>
        <strong>touchmap</strong>
        <span class="where" title={`${p.site} · ${p.url}`}>
          {p.site} · {p.url}
        </span>
        <button class="btn" type="button" aria-pressed={p.inspect} onClick={() => p.setInspect((x) => !x)} title="Hover any element to see its numbers; click it to tag it as a touchpoint">
          Inspect
        </button>
        <button class="btn" type="button" onClick={() => setFolded(true)} aria-label="Fold the panel away">
          ▸
        </button>
        <button class="btn" type="button" onClick={p.close} aria-label="Close the overlay (Escape)">
          ✕
        </button>
      </header>
      <div class="body">
        {p.error && (
          <p class="error" role="alert">
            {p.error}
          </p>
        )}
        <h2>Filters</h2>
        <div class="grid">
          <label for="tm-range">Range</label>
          <select id="tm-range" value={filters.days} onChange={(e) => p.setFilters((f) => ({ ...f, days: Number(e.currentTarget.value) }))}>
            <option value={1}>Last 24 hours</option>
            <option value={7}>Last 7 days</option>
            <option value={30}>Last 30 days</option>
            <option value={90}>Last 90 days</option>
          </select>
          <label for="tm-kind">Signal</label>
          <select id="tm-kind" value={p.kind} onChange={(e) => p.setKind(e.currentTarget.value as HeatKind)}>
            {KINDS.map(([k, label]) => (
              <option value={k}>{label}</option>
            ))}
          </select>
          <label for="tm-device">Device</label>
          <select id="tm-device" value={filters.device} onChange={(e) => p.setFilters((f) => ({ ...f, device: e.currentTarget.value as Filters['device'] }))}>
            <option value="">All devices</option>
            <option value="desktop">Desktop</option>
            <option value="tablet">Tablet</option>
            <option value="mobile">Mobile</option>
          </select>
          <label for="tm-viewport">Viewport</label>
          <select id="tm-viewport" value={filters.viewport} onChange={(e) => p.setFilters((f) => ({ ...f, viewport: e.currentTarget.value as Filters['viewport'] }))}>
            <option value="">All widths</option>
            <option value="s">Small (&lt; 640 px)</option>
            <option value="m">Medium (640–1023)</option>
            <option value="l">Large (1024–1439)</option>
            <option value="xl">Extra large (≥ 1440)</option>
          </select>
        </div>
        <h2>Layers</h2>
        {toggle('heat')}
        {toggle('hotspots')}
        {toggle('folds')}
        {!data && !p.error && <p class="muted">Loading…</p>}
        {data && (
          <>
            <p class="muted" data-testid="summary">
              {data.pageSessions} sessions viewed this page · {data.heatmap.rows.reduce((n, r) => n + r.n, 0)} points on elements
            </p>
            <GoneNote data={data} resolver={p.resolver} />
            <h2>Touchpoints on this page</h2>
            {!data.journey && <p class="muted">No journey defined for this site yet.</p>}
            {data.journey && !data.here.length && <p class="muted">None of the journey's touchpoints is on this page. Inspect an element to tag one.</p>}
            <ul class="list" data-testid="touchpoints">
              {data.here.map((t) => {
                const r = p.reports.get(t.id);
                return (
                  <li key={t.id}>
                    <div class="row">
                      <span>
                        <b>{t.name ?? t.id}</b> {t.momentOfTruth && <span class="mot">moment of truth</span>}
                      </span>
                      <span class="stage">{stageName(t.stage)}</span>
                    </div>
                    {r ? (
                      <div class="muted">
                        friction {r.now.friction} · reach {r.now.reach} · conversion {pct(r.now.conversion)} · <Trend now={r.now.friction} before={r.before?.reach ? r.before.friction : undefined} />
                      </div>
                    ) : (
                      <div class="muted">no sessions in this range</div>
                    )}
                  </li>
                );
              })}
            </ul>
            {data.funnels.length > 0 && <h2>Funnels through this page</h2>}
            {data.funnels.map((f) => (
              <div key={f.id} data-testid="funnel">
                <div class="row">
                  <b>{f.name ?? f.id}</b>
                  <span class="muted">
                    {f.entered} entered · {f.completed} completed
                  </span>
                </div>
                <ul class="list">
                  {f.steps.map((s) => {
                    const here = data.here.some((t) => t.id === s.touchpoint);
                    const name = data.journey?.touchpoints.find((t) => t.id === s.touchpoint)?.name ?? s.touchpoint;
                    return (
                      <li key={s.touchpoint}>
                        <div class="row">
                          <span>{here ? <b>{name} (this page)</b> : name}</span>
                          <span class="muted">
                            {s.reach} reached{s.conversion == null ? '' : ` · ${pct(s.conversion)} went on`}
                          </span>
                        </div>
                        <div class="bar" aria-hidden="true">
                          <i style={{ width: pct(f.entered ? s.reach / f.entered : 0) }} />
                        </div>
                      </li>
                    );
                  })}
                </ul>
              </div>
            ))}
            <h2>Friction hotspots</h2>
            {!data.hotspots.length && <p class="muted">No rage, dead or error clicks on this page in this range.</p>}
            <ul class="list" data-testid="hotspots">
              {data.hotspots.map((h) => (
                <li key={h.sel}>
                  <div class="row">
                    <span>{hotspotCounts(h)}</span>
                    <span class="muted">{plural(h.sessions, 'session')}</span>
                  </div>
                  <button
                    type="button"
                    class="btn mono"
                    onClick={() => p.resolver.find(h.sel)?.scrollIntoView({ block: 'center', behavior: 'smooth' })}
                    title="Scroll to the element"
                  >
                    {h.sel}
                  </button>
                </li>
              ))}
            </ul>
            <h2>Scroll depth</h2>
            {data.scroll.views ? (
              <p class="muted" data-testid="folds">
                {data.scroll.folds.map((f) => `${Math.round(f.reach * 100)}% of views reach ${Math.round(f.depth * 100)}% of the page`).join(' · ')} ({data.scroll.views} views)
              </p>
            ) : (
              <p class="muted">No scroll data for this page yet.</p>
            )}
          </>
        )}
        <p>
          <button type="button" class="btn" onClick={p.signOut}>
            Sign out
          </button>
        </p>
      </div>
    </aside>
  );
}

/** Points on elements that are not on the page any more: painted where they were, and said so. */
function GoneNote({ data, resolver }: { data: PageData; resolver: Resolver }) {
  const missing = data.heatmap.rows.filter((r) => !resolver.find(r.sel)).reduce((n, r) => n + r.n, 0);
  if (!missing) return null;
  return (
    <p class="note" data-testid="gone">
      {missing} points are on elements no longer on this page: shown as grey squares where they were clicked (page coordinates).
    </p>
  );
}

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { FunnelReport, JourneyDefinition, Touchpoint, TouchpointReport } from '@touchmap/journey';
import { filterParams, type Client, type Filters, type HeatKind, type Heatmap, type Hotspot, type JourneyMap, type ScrollDepth } from '@touchmap/client';
import { createResolver } from './resolve.ts';
import { pageFunnels, pageTouchpoints } from './touchpoints.ts';
import { Layers } from './layers.tsx';
import { Panel } from './panel.tsx';
import { Inspector } from './inspect.tsx';

/** Heatmap grid per element side: fine enough to show where on a button people click. */
export const BINS = 20;

/** Everything loaded for one page and filter set. */
export interface PageData {
  heatmap: Heatmap;
  hotspots: Hotspot[];
  pageSessions: number;
  scroll: ScrollDepth;
  journey: JourneyDefinition | null;
  map: JourneyMap | null;
  here: Touchpoint[];
  funnels: FunnelReport[];
}

/**
 * This page's URL as the SDK records it: path, query and a hash router's route (`#/cart`, not an
 * anchor nor the router's empty home `#/`), without the overlay's own parameters.
 */
export function currentUrl(loc: Location = location): string {
  const q = new URLSearchParams(loc.search);
  q.delete('touchmap');
  q.delete('touchmap-sel');
  const s = q.toString();
  return loc.pathname + (s ? `?${s}` : '') + (/^#!?\/[^?]/.test(loc.hash) ? loc.hash : '');
}

export interface Layer {
  heat: boolean;
  hotspots: boolean;
  folds: boolean;
}

/** The overlay for one site: loads the page's data for the filters and keeps the layers on the elements. */
export function Overlay({ client, site, role, close, signOut }: { client: Client; site: string; role: 'read' | 'edit'; close: () => void; signOut: () => void }) {
  const api = useMemo(() => client.forSite(site), [client, site]);
  const resolver = useMemo(() => createResolver(), []);
  const [filters, setFilters] = useState<Filters>({ days: 30, device: '', viewport: '' });
  const [kind, setKind] = useState<HeatKind>('click');
  const [layer, setLayer] = useState<Layer>({ heat: true, hotspots: true, folds: true });
  const [inspect, setInspect] = useState(false);
  const [data, setData] = useState<PageData | null>(null);
  const [error, setError] = useState('');
  const [url, setUrl] = useState(currentUrl());
  const [reload, setReload] = useState(0);
  // Bumped once per animation frame after a scroll, resize or DOM change: layers re-place themselves.
  const [frame, setFrame] = useState(0);
  const pending = useRef(0);
  // `touchmap-sel`: the element a link (the dashboard's pain points) opened the overlay for.
  const [focus] = useState(() => new URLSearchParams(location.search).get('touchmap-sel'));
  useEffect(() => {
    if (data && focus) resolver.find(focus)?.scrollIntoView({ block: 'center' });
  }, [data !== null]);

  useEffect(() => {
    const schedule = () => {
      if (pending.current) return;
      pending.current = requestAnimationFrame(() => {
        pending.current = 0;
        setFrame((f) => f + 1);
        // An SPA route change moves the overlay to the new page's data.
        setUrl(currentUrl());
      });
    };
    const mutated = () => {
      resolver.reset();
      schedule();
    };
    const mo = new MutationObserver(mutated);
    mo.observe(document.documentElement, { childList: true, subtree: true, attributes: true, characterData: true });
    addEventListener('scroll', schedule, { passive: true, capture: true });
    addEventListener('resize', mutated, { passive: true });
    return () => {
      mo.disconnect();
      removeEventListener('scroll', schedule, { capture: true });
      removeEventListener('resize', mutated);
      cancelAnimationFrame(pending.current);
    };
  }, [resolver]);

  useEffect(() => {
    let live = true;
    const now = Date.now();
    const p = { ...filterParams(filters, now), url };
    const span = filters.days * 86_400_000;
    // The period before, as long as this one: each touchpoint's trend.
    const compare = { compareFrom: String(now - 2 * span), compareTo: String(now - span) };
    setError('');
    (async () => {
      const [heatmap, hotspots, pages, scroll, journey] = await Promise.all([
        api.heatmap({ ...p, kind, bins: String(BINS) }),
        api.hotspots(p),
        api.pages(p),
        api.scroll(p),
        api.journey().catch(() => null),
      ]);
      const def = journey?.journey ?? null;
      const here = def ? pageTouchpoints(def, url) : [];
      const rest = { ...filterParams(filters, now) };
      const [map, funnels] = def
        ? await Promise.all([api.map({ ...rest, ...compare }), Promise.all(pageFunnels(def, here).map((f) => api.funnel(f.id, rest)))])
        : [null, []];
      if (!live) return;
      const hs = hotspots.rows.filter((r) => kind === 'click' || kind === 'move' || r[kind as 'rage'] > 0);
      setData({ heatmap, hotspots: hs, pageSessions: pages.rows.reduce((n, r) => n + r.sessions, 0), scroll, journey: def, map, here, funnels });
    })().catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [api, filters, kind, url, reload]);

  const reports = useMemo(() => {
    const out = new Map<string, { now: TouchpointReport; before?: TouchpointReport }>();
    for (const s of data?.map?.stages ?? []) for (const t of s.touchpoints) out.set(t.id, { now: t });
    for (const s of data?.map?.compare?.stages ?? []) for (const t of s.touchpoints) if (out.has(t.id)) out.get(t.id)!.before = t;
    return out;
  }, [data]);

  return (
    <div class="root">
      {data && <Layers data={data} kind={kind} layer={layer} resolver={resolver} frame={frame} reports={reports} focus={focus} />}
      {inspect && data && (
        <Inspector api={api} filters={filters} url={url} role={role} journey={data.journey} resolver={resolver} frame={frame} onTagged={() => setReload((r) => r + 1)} />
      )}
      <Panel
        site={site}
        url={url}
        data={data}
        error={error}
        filters={filters}
        setFilters={setFilters}
        kind={kind}
        setKind={setKind}
        layer={layer}
        setLayer={setLayer}
        inspect={inspect}
        setInspect={setInspect}
        reports={reports}
        resolver={resolver}
        close={close}
        signOut={signOut}
      />
    </div>
  );
}

import { Fragment } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { TouchpointReport } from '@touchmap/journey';
import type { HeatKind, Hotspot } from '@touchmap/client';
import { density, drawDensity } from './heat/density.ts';
import { placePoints } from './heat/points.ts';
import { drawGone } from './heat/gone.ts';
import type { Layer, PageData } from './overlay.tsx';
import { BINS } from './overlay.tsx';
import { hotspotCounts, plural } from './words.ts';
import { visibleBox, type Resolver } from './resolve.ts';

type Reports = Map<string, { now: TouchpointReport; before?: TouchpointReport }>;


const dominant = (h: Hotspot) => (h.errclick >= h.rage && h.errclick >= h.dead ? 'errclick' : h.dead > h.rage ? 'dead' : 'rage');

/**
 * What is painted on the page: the heat canvas (with grey squares where elements that are gone
 * were clicked), scroll-depth fold lines and hotspot markers — all placed from the elements' boxes as
 * they are in this frame.
 */
export function Layers({ data, kind, layer, resolver, frame, reports, focus }: { data: PageData; kind: HeatKind; layer: Layer; resolver: Resolver; frame: number; reports: Reports; focus: string | null }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  // The element a link pointed at starts with its tooltip open.
  const [tip, setTip] = useState<string | null>(focus);
  const w = innerWidth;
  const hgt = innerHeight;
  const placed = placePoints(data.heatmap, BINS, resolver, scrollX, scrollY);

  useLayoutEffect(() => {
    const c = canvas.current;
    if (!c) return;
    if (c.width !== w || c.height !== hgt) {
      c.width = w;
      c.height = hgt;
    }
    const t0 = performance.now();
    if (layer.heat) {
      drawDensity(c, density(placed.xyw, placed.n, w, hgt));
      drawGone(c, placed.gone);
    } else c.getContext('2d')!.clearRect(0, 0, w, hgt);
    c.dataset.points = String(placed.n);
    c.dataset.paintMs = (performance.now() - t0).toFixed(1);
  });

  const docHeight = document.documentElement.scrollHeight;
  // A touchpoint matched by this element's selector: its reach is the share's denominator.
  const reachOf = (sel: string) => {
    const tp = data.here.find((t) => t.match.selector === sel);
    const r = tp && reports.get(tp.id)?.now;
    return r ? { n: r.reach, what: `reached the touchpoint “${r.name ?? r.id}”` } : { n: data.pageSessions, what: 'viewed this page' };
  };

  return (
    <>
      <canvas ref={canvas} class="heat" style={{ width: `${w}px`, height: `${hgt}px` }} aria-hidden="true" data-kind={kind} />
      {layer.folds &&
        data.scroll.folds.map((f, i) => (
          <div key={f.reach} class="fold" style={{ top: `${Math.min(f.px, docHeight) - scrollY}px`, width: `calc(100% - 360px)` }} data-reach={f.reach}>
            <span style={{ left: `${8 + i * 150}px` }}>{Math.round(f.reach * 100)}% of views reach here</span>
          </div>
        ))}
      {layer.hotspots &&
        data.hotspots.map((h) => {
          const box = visibleBox(resolver.find(h.sel));
          if (!box) return null;
          const total = h.rage + h.dead + h.errclick + h.disabled;
          const size = Math.min(44, 18 + 6 * Math.sqrt(total));
          const reach = reachOf(h.sel);
          const share = reach.n ? Math.round((100 * h.sessions) / reach.n) : null;
          const text = `${hotspotCounts(h)} on ${h.sel}. ${plural(h.sessions, 'session')} affected${share === null ? '' : `, ${share}% of the ${reach.n} sessions that ${reach.what}`}.`;
          const cx = box.left + box.width / 2;
          const cy = box.top + box.height / 2;
          return (
            <Fragment key={h.sel}>
              <button
                type="button"
                class={`marker ${dominant(h)}${h.sel === focus ? ' focus' : ''}`}
                style={{ left: `${cx}px`, top: `${cy}px`, width: `${size}px`, height: `${size}px` }}
                aria-label={text}
                data-sel={h.sel}
                onMouseEnter={() => setTip(h.sel)}
                onMouseLeave={() => setTip(null)}
                onFocus={() => setTip(h.sel)}
                onBlur={() => setTip(null)}
              >
                {total}
              </button>
              {tip === h.sel && (
                <div class="tip" role="tooltip" style={{ left: `${Math.max(4, Math.min(cx + size / 2 + 6, w - 360 - 330))}px`, top: `${cy + size / 2 + 6}px` }}>
                  <b>{hotspotCounts(h)}</b>
                  <div>
                    {plural(h.sessions, 'session')} affected{share === null ? '' : ` · ${share}% of the ${reach.n} sessions that ${reach.what}`}
                  </div>
                  <div class="sel">{h.sel}</div>
                </div>
              )}
            </Fragment>
          );
        })}
    </>
  );
}

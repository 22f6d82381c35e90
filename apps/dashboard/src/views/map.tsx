import type { StageReport, TouchpointReport } from '@touchmap/journey';
import { csv, download, mapSvg, svgToPng } from '../export.ts';
import { apiParams } from '../state.ts';
import { pct, rangeText, useData, type ViewProps } from '../data.ts';
import { EmotionChart } from './emotion.tsx';

/** Friction now against the compare period: ▲ worse, ▼ better. */
function Trend({ now, before }: { now: number; before?: number }) {
  if (before === undefined) return null;
  const d = Math.round((now - before) * 10) / 10;
  if (!d) return <span class="muted"> (=)</span>;
  return <span class={d > 0 ? 'worse' : 'better'}>{` ${d > 0 ? '▲' : '▼'}${Math.abs(d)}`}</span>;
}

function Target({ t }: { t: TouchpointReport }) {
  if (!t.target) return null;
  const parts: [string, string, boolean | undefined][] = [];
  if (t.target.conversion !== undefined) parts.push(['conversion', `${pct(t.conversion)} / ${pct(t.target.conversion)}`, t.meets?.conversion]);
  if (t.target.friction !== undefined) parts.push(['friction', `${t.friction} / ≤ ${t.target.friction}`, t.meets?.friction]);
  if (t.target.reach !== undefined) parts.push(['reach', `${t.reach} / ${t.target.reach}`, t.meets?.reach]);
  return (
    <ul class="targets" aria-label="Targets">
      {parts.map(([what, text, ok]) => (
        <li class={ok ? 'met' : 'unmet'}>
          {ok ? '✓' : '✗'} {what} {text}
        </li>
      ))}
    </ul>
  );
}

/** The journey map: stages as columns, touchpoints as cards, the emotion curve across them. */
export function MapView({ api, state, site }: ViewProps) {
  const { data, error } = useData(() => api.map(apiParams(state)), [api, state.from, state.to, state.compare, state.device, state.visitor, state.source, state.viewport]);
  if (error) return <p class="error">{error}</p>;
  if (!data) return <p class="muted">Loading…</p>;
  const before = new Map<string, TouchpointReport>();
  const stageBefore = new Map<string, StageReport>();
  for (const s of data.compare?.stages ?? []) {
    stageBefore.set(s.id, s);
    for (const t of s.touchpoints) before.set(t.id, t);
  }
  const exportSvg = () => mapSvg(site, data.stages, rangeText(state));
  const rows = data.stages.flatMap((s) => s.touchpoints.map((t) => [s.id, s.name ?? '', t.id, t.name ?? '', t.momentOfTruth, t.reach, t.conversion, t.friction, before.get(t.id)?.friction]));
  return (
    <section aria-label="Journey map">
      <div class="toolbar">
        <span class="muted" data-testid="map-sessions">
          {data.sessions} sessions · {rangeText(state)}
        </span>
        <button type="button" onClick={() => download(`touchmap-${site}-journey-map.svg`, exportSvg().svg, 'image/svg+xml')}>
          Export SVG
        </button>
        <button type="button" onClick={async () => { const m = exportSvg(); download(`touchmap-${site}-journey-map.png`, await svgToPng(m.svg, m.width, m.height)); }}>
          Export PNG
        </button>
        <button type="button" onClick={() => download(`touchmap-${site}-journey-map.csv`, csv(['stage', 'stage_name', 'touchpoint', 'touchpoint_name', 'moment_of_truth', 'reach', 'conversion', 'friction', 'friction_before'], rows))}>
          Export CSV
        </button>
      </div>
      <div class="stages" style={{ gridTemplateColumns: `repeat(${data.stages.length}, minmax(200px, 1fr))` }}>
        {data.stages.map((s) => (
          <div class="stage" data-testid={`stage-${s.id}`} key={s.id}>
            <h2>{s.name ?? s.id}</h2>
            <p class="muted">
              {s.sessions} sessions · on to next {pct(s.conversion)}
              {/* A stage a funnel ends in (a purchase): finishing it is progress, not only moving on. */}
              {s.progressed != null && s.progressed !== s.conversion && (
                <span title="finished a funnel that ends in this stage, or went on to the next" data-testid="progressed">
                  {' '}
                  · progressed {pct(s.progressed)}
                </span>
              )}
              <br />
              friction {s.friction}
              <Trend now={s.friction} before={stageBefore.get(s.id)?.friction} />
            </p>
            {s.touchpoints.map((t) => (
              <article class={`card${t.momentOfTruth ? ' mot' : ''}`} data-testid={`touchpoint-${t.id}`} key={t.id}>
                <h3>
                  {t.momentOfTruth && <span title="moment of truth">★ </span>}
                  {t.name ?? t.id}
                </h3>
                <dl>
                  <dt>reach</dt>
                  <dd data-testid="reach">{t.reach}</dd>
                  <dt>friction</dt>
                  <dd data-testid="friction">
                    {t.friction}
                    <Trend now={t.friction} before={before.get(t.id)?.friction} />
                  </dd>
                  <dt>conversion</dt>
                  <dd>{pct(t.conversion)}</dd>
                </dl>
                {t.topSignals.length > 0 && <p class="muted small">{t.topSignals.map((x) => `${x.n} ${x.kind}`).join(' · ')}</p>}
                <Target t={t} />
              </article>
            ))}
          </div>
        ))}
      </div>
      <EmotionChart stages={data.stages} />
    </section>
  );
}

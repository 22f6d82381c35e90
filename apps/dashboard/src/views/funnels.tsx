import { csv, download } from '../export.ts';
import { apiParams } from '../state.ts';
import { pct, useData, type ViewProps } from '../data.ts';

const secs = (ms: number | null) => (ms == null ? '–' : ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);

/** One funnel: steps with reach, conversion and drop-off, and the abandonment evidence. */
export function FunnelsView({ api, state, set, site }: ViewProps) {
  const def = useData(() => api.journey(), [api]);
  const funnels = def.data?.journey.funnels ?? [];
  const id = state.funnel || funnels[0]?.id || '';
  const params = apiParams(state);
  const { data, error } = useData(() => (id ? api.funnel(id, params) : Promise.resolve(null)), [api, id, state.from, state.to, state.compare, state.device, state.visitor, state.source, state.viewport]);
  if (def.error) return <p class="error">{def.error}</p>;
  if (!funnels.length) return <p class="muted">This site's journey has no funnel yet.</p>;
  const name = (tp: string) => def.data?.journey.touchpoints.find((t) => t.id === tp)?.name ?? tp;
  const before = new Map((data?.compare?.steps ?? []).map((s) => [s.touchpoint, s]));
  return (
    <section aria-label="Funnels">
      <div class="toolbar">
        <label>
          Funnel{' '}
          <select value={id} onChange={(e) => set({ funnel: e.currentTarget.value })}>
            {funnels.map((f) => (
              <option value={f.id}>{f.name ?? f.id}</option>
            ))}
          </select>
        </label>
        {data && (
          <button
            type="button"
            onClick={() =>
              download(
                `touchmap-${site}-funnel-${id}.csv`,
                csv(['step', 'reach', 'conversion', 'median_ms_to_next', 'drop_off', 'abandoned'], data.steps.map((s) => [s.touchpoint, s.reach, s.conversion, s.medianMsToNext, s.dropOff, s.abandoned])),
              )
            }
          >
            Export CSV
          </button>
        )}
      </div>
      {error && <p class="error">{error}</p>}
      {data && (
        <>
          <p class="muted">
            {data.entered} entered · {data.completed} completed ({pct(data.entered ? data.completed / data.entered : null)})
          </p>
          <ol class="funnel" data-testid="funnel-steps">
            {data.steps.map((s) => (
              <li key={s.touchpoint}>
                <div class="step-head">
                  <b>{name(s.touchpoint)}</b>
                  <span>
                    {s.reach} reached · {pct(s.conversion)} went on{before.get(s.touchpoint) && ` (before: ${pct(before.get(s.touchpoint)!.conversion)})`} · median {secs(s.medianMsToNext)} to next
                  </span>
                </div>
                <svg class="bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true">
                  <rect width="100" height="6" class="bar-bg" />
                  <rect width={data.entered ? (100 * s.reach) / data.entered : 0} height="6" class="bar-fg" />
                </svg>
                {s.abandoned > 0 && (
                  <div class="evidence">
                    <b>{s.abandoned} abandoned here</b>
                    {s.evidence.lastFields.length > 0 && <p>last field touched: {s.evidence.lastFields.map((f) => `${f.sel} (${f.n})`).join(', ')}</p>}
                    {s.evidence.signals.length > 0 && <p>signals before exit: {s.evidence.signals.map((x) => `${x.kind}${x.sel ? ` on ${x.sel}` : ''} (${x.n})`).join(', ')}</p>}
                    {s.evidence.exitPages.length > 0 && <p>exit pages: {s.evidence.exitPages.map((x) => `${x.url} (${x.n})`).join(', ')}</p>}
                  </div>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

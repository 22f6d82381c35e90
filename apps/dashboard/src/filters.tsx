import type { ViewState } from './state.ts';

const DAY = 86_400_000;
const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Global filters: range, compare period and segment. They live in the URL (state.ts). */
export function Filters({ state, set }: { state: ViewState; set: (p: Partial<ViewState>) => void }) {
  const preset = (days: number) => {
    const to = Date.now();
    set({ from: to - days * DAY, to });
  };
  return (
    <section class="filters" aria-label="Filters">
      <label>
        From <input type="date" value={day(state.from)} onChange={(e) => e.currentTarget.value && set({ from: Date.parse(e.currentTarget.value) })} />
      </label>
      <label>
        To <input type="date" value={day(state.to)} onChange={(e) => e.currentTarget.value && set({ to: Date.parse(e.currentTarget.value) + DAY - 1 })} />
      </label>
      <span class="presets">
        {[1, 7, 30, 90].map((d) => (
          <button type="button" class="link" onClick={() => preset(d)}>
            {d === 1 ? '24 h' : `${d} d`}
          </button>
        ))}
      </span>
      <label>
        <input type="checkbox" checked={state.compare} onChange={(e) => set({ compare: e.currentTarget.checked })} /> Compare with the previous period
      </label>
      <label>
        Device{' '}
        <select value={state.device} onChange={(e) => set({ device: e.currentTarget.value as ViewState['device'] })}>
          <option value="">all</option>
          <option value="desktop">desktop</option>
          <option value="tablet">tablet</option>
          <option value="mobile">mobile</option>
        </select>
      </label>
      <label>
        Visitors{' '}
        <select value={state.visitor} onChange={(e) => set({ visitor: e.currentTarget.value as ViewState['visitor'] })}>
          <option value="">all</option>
          <option value="new">new</option>
          <option value="returning">returning</option>
        </select>
      </label>
      <label>
        Viewport{' '}
        <select value={state.viewport} onChange={(e) => set({ viewport: e.currentTarget.value as ViewState['viewport'] })}>
          <option value="">all</option>
          <option value="s">small</option>
          <option value="m">medium</option>
          <option value="l">large</option>
          <option value="xl">extra large</option>
        </select>
      </label>
      <label>
        Source <input type="text" size={12} value={state.source} placeholder="any" onChange={(e) => set({ source: e.currentTarget.value.trim() })} />
      </label>
    </section>
  );
}

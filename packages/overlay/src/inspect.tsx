import { useEffect, useRef, useState } from 'preact/hooks';
import { selector } from '@touchmap/sdk/selector';
import { DEFAULT_STAGES, type JourneyDefinition } from '@touchmap/journey';
import { filterParams, type ElementStats, type Filters, type SiteClient } from '@touchmap/client';
import { visibleBox, type Resolver } from './resolve.ts';
import { plural } from './words.ts';

/** The element under the pointer, inside open shadow roots, unless it is the overlay itself. */
const pageTarget = (e: Event): Element | null => {
  const first = e.composedPath()[0];
  if (!(first instanceof Element) || first.closest('touchmap-overlay') || (first.getRootNode() as ShadowRoot).host?.localName === 'touchmap-overlay') return null;
  return first;
};

/**
 * Inspect mode: hover any element of the page to see its numbers (the element query); click it
 * to pin it — the click does not reach the page — and tag it as a touchpoint (name, stage,
 * moment of truth), which the collector stores as a new version of the journey.
 */
export function Inspector(p: { api: SiteClient; filters: Filters; url: string; role: 'read' | 'edit'; journey: JourneyDefinition | null; resolver: Resolver; frame: number; onTagged: () => void }) {
  const [hovered, setHovered] = useState<{ el: Element; sel: string } | null>(null);
  const [pinned, setPinned] = useState<{ el: Element; sel: string } | null>(null);
  const [stats, setStats] = useState<ElementStats | null>(null);
  const [message, setMessage] = useState('');
  const timer = useRef(0);
  const current = pinned ?? hovered;

  useEffect(() => {
    const move = (e: PointerEvent) => {
      const el = pageTarget(e);
      if (el && el !== hovered?.el) setHovered({ el, sel: selector(el) });
    };
    const click = (e: MouseEvent) => {
      const el = pageTarget(e);
      if (!el) return;
      e.preventDefault();
      e.stopPropagation();
      setPinned({ el, sel: selector(el) });
      setMessage('');
    };
    document.addEventListener('pointermove', move, { capture: true, passive: true });
    document.addEventListener('click', click, true);
    return () => {
      document.removeEventListener('pointermove', move, { capture: true });
      document.removeEventListener('click', click, true);
    };
  }, [hovered]);

  useEffect(() => {
    clearTimeout(timer.current);
    setStats(null);
    if (!current) return;
    // Asked once the pointer rests: not one query per element crossed.
    timer.current = setTimeout(() => {
      p.api
        .element({ ...filterParams(p.filters, Date.now()), sel: current.sel })
        .then(setStats)
        .catch(() => setStats(null));
    }, 200) as unknown as number;
  }, [current?.sel, p.filters]);

  const box = visibleBox(current?.el ?? null);
  const stages = p.journey?.stages ?? DEFAULT_STAGES.map((id) => ({ id, name: undefined as string | undefined }));
  const save = async (e: Event) => {
    e.preventDefault();
    if (!pinned) return;
    const form = e.currentTarget as HTMLFormElement;
    const field = (n: string) => form.elements.namedItem(n) as HTMLInputElement;
    try {
      const r = await p.api.tag({ name: field('name').value.trim(), stage: field('stage').value, selector: pinned.sel, momentOfTruth: field('mot').checked });
      setMessage(`Saved as touchpoint “${r.touchpoint.id}” (journey version ${r.version}).`);
      p.onTagged();
    } catch (err) {
      setMessage((err as Error).message);
    }
  };

  return (
    <>
      {box && <div class="highlight" style={{ left: `${box.left}px`, top: `${box.top}px`, width: `${box.width}px`, height: `${box.height}px` }} />}
      <section class="tip inspector" role="status" aria-live="polite" style={{ left: '12px', bottom: '12px', pointerEvents: 'auto', maxWidth: '420px' }}>
        {!current && <div>Inspect: hover an element to see its numbers; click it to tag it as a touchpoint.</div>}
        {current && <div class="sel">{current.sel}</div>}
        {current && stats && (
          <div data-testid="element-stats">
            {Object.entries(stats.kinds)
              .map(([k, n]) => `${n} ${k}`)
              .join(' · ') || 'no events'}
            <br />
            {plural(stats.sessions, 'session')} · {stats.frictionSessions} with friction
            {stats.hoverMedianMs != null && ` · median hover ${stats.hoverMedianMs} ms`}
            {stats.inpP75 != null && ` · INP p75 ${stats.inpP75} ms`}
          </div>
        )}
        {pinned && (
          <form onSubmit={save} class="tag" aria-label="Tag as a touchpoint">
            {p.role !== 'edit' && <p>Tagging needs an edit token (touchmap-collector token create SITE --edit); sign out and sign in with one.</p>}
            <label>
              Name <input name="name" type="text" required maxLength={100} />
            </label>
            <label>
              Stage{' '}
              <select name="stage">
                {stages.map((s) => (
                  <option value={s.id}>{s.name ?? s.id}</option>
                ))}
              </select>
            </label>
            <label>
              <input name="mot" type="checkbox" /> Moment of truth
            </label>
            <button class="btn primary" type="submit" disabled={p.role !== 'edit'}>
              Tag as touchpoint
            </button>{' '}
            <button class="btn" type="button" onClick={() => setPinned(null)}>
              Cancel
            </button>
            {message && <p role="alert">{message}</p>}
          </form>
        )}
      </section>
    </>
  );
}

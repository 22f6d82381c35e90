import { compilePattern, type JourneyDefinition, type Touchpoint } from '@touchmap/journey';
import { findElement } from './resolve.ts';

/**
 * The touchpoints of a journey that live on this page as it is now: a URL pattern matching its
 * URL (path and hash route, see compilePattern), a selector that finds an element, or a
 * `data-touchpoint` / `data-funnel-step` attribute present in the document. (`track` touchpoints and `touchpoint()` calls made from code leave
 * nothing on the page to recognise them by.)
 */
export function pageTouchpoints(journey: JourneyDefinition, url: string, doc: Document = document): Touchpoint[] {
  const attr = (name: string, value: string) => {
    try {
      return !!doc.querySelector(`[${name}="${CSS.escape(value)}"]`);
    } catch {
      return false;
    }
  };
  return journey.touchpoints.filter(({ match: m }) =>
    (m.url !== undefined && compilePattern(m.url)(url)) ||
    (m.selector !== undefined && !!findElement(m.selector, doc)) ||
    (m.touchpoint !== undefined && attr('data-touchpoint', m.touchpoint)) ||
    (m.step !== undefined && attr('data-funnel-step', m.step)),
  );
}

/** The funnels with a step on this page. */
export function pageFunnels(journey: JourneyDefinition, here: Touchpoint[]) {
  const ids = new Set(here.map((t) => t.id));
  return journey.funnels.filter((f) => f.steps.some((s) => ids.has(s)));
}

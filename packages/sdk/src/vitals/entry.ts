import type { EventBody } from '@touchmap/protocol';
import { onCLS, onINP, onLCP, type CLSMetric, type INPMetric, type LCPMetric, type Metric } from 'web-vitals';

/**
 * The lazily loaded half of the SDK: web-vitals' plain build (≈ 2 KB less than its attribution
 * build) with the element taken from the metric's own entries — the interaction's target for
 * INP, the largest element for LCP, the largest shifted node for CLS. The core hands in its
 * `emit` and its `selector` (plain arguments: internal names are mangled differently per build),
 * so the event is built here and the core only loads the chunk.
 */
export function startVitals(emit: (e: EventBody) => void, selector: (el: Element) => string): void {
  const report = (m: Metric, el?: Element | null) =>
    emit({ k: 'vital', name: m.name as 'INP', val: Math.round(m.value * 1000) / 1000, r: m.rating, sel: el?.isConnected ? selector(el) || undefined : undefined });
  // One metric per task: evaluating this chunk and starting all three in it took over 4 ms.
  setTimeout(onINP, 0, (m: INPMetric) => report(m, m.entries.find((e) => e.target)?.target as Element | null | undefined));
  setTimeout(onLCP, 0, (m: LCPMetric) => report(m, m.entries[m.entries.length - 1]?.element));
  setTimeout(onCLS, 0, (m: CLSMetric) => {
    let el: Element | null = null;
    let biggest = 0;
    for (const e of m.entries)
      for (const s of e.sources) {
        const area = s.previousRect.width * s.previousRect.height;
        if (s.node instanceof Element && area >= biggest) {
          biggest = area;
          el = s.node;
        }
      }
    report(m, el);
  });
}

import { onCLS, onINP, onLCP, type Metric } from 'web-vitals';

/** One finished metric, with the element it is attributed to when the browser names one. */
export interface Vital {
  name: 'INP' | 'LCP' | 'CLS';
  value: number;
  rating: Metric['rating'];
  el?: Element | null;
}

/**
 * The lazily loaded half of the SDK: web-vitals' plain build (≈ 2 KB less than its attribution
 * build) with the element taken from the metric's own entries — the interaction's target for
 * INP, the largest element for LCP, the largest shifted node for CLS.
 */
export function startVitals(report: (v: Vital) => void): void {
  onINP((m) => report({ name: 'INP', value: m.value, rating: m.rating, el: m.entries.find((e) => e.target)?.target as Element | null | undefined }));
  onLCP((m) => report({ name: 'LCP', value: m.value, rating: m.rating, el: m.entries[m.entries.length - 1]?.element }));
  onCLS((m) => {
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
    report({ name: 'CLS', value: m.value, rating: m.rating, el });
  });
}

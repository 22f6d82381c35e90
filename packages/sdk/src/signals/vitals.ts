import type { Ctx } from '../core/context.ts';
import { selector } from '../dom/selector.ts';
import type { startVitals } from '../vitals/entry.ts';

/** Fetches the lazy chunk; the script tag loads it from `url` (the `vitalsUrl` option) when given. */
export type VitalsLoader = (url?: string) => Promise<typeof startVitals>;

/**
 * Web vitals (INP with its element, LCP, CLS), loaded lazily once the page has loaded and the
 * main thread is idle, so they cost the page nothing at start. Their observers use buffered
 * entries, so loading late loses nothing. web-vitals reports on visibility change; the tracker's
 * own page-hide listener runs after it, so the values ride on the page-hide beacon.
 */
export function vitals(load: VitalsLoader): (ctx: Ctx) => void {
  return (ctx) => {
    if (!ctx.cfg.vitals) return;
    let stopped = false;
    ctx.l.add(() => (stopped = true));
    const go = () =>
      load(ctx.cfg.vitalsUrl)
        .then((start) => start((e) => stopped || ctx.emit(e), selector))
        .catch(() => {});
    const idle = () => ('requestIdleCallback' in window ? requestIdleCallback(go, { timeout: 5000 }) : setTimeout(go, 1000));
    if (document.readyState === 'complete') idle();
    else addEventListener('load', idle, { once: true });
  };
}

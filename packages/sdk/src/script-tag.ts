import { createApi, type Api } from './api.ts';
import { addScript } from './dom/add-script.ts';
import type { Options } from './options.ts';
import type { startSurvey } from './survey/chunk.ts';
import type { startVitals } from './vitals/entry.ts';

/**
 * The script-tag build. The page may define a stub first so that calls made before this file
 * loads are queued, not lost:
 *
 *   window.touchmap = window.touchmap || function () { (touchmap.q = touchmap.q || []).push(arguments) }
 *
 * On load the stub's queue is replayed, a queued `init` merged over the tag's data attributes,
 * and `window.touchmap` becomes the API (callable as `touchmap('track', …)` or `touchmap.track(…)`).
 * A second copy of the tag warns and does nothing.
 */
type Stub = ((...a: unknown[]) => void) & {
  q?: ArrayLike<unknown>[];
  _loaded?: 1;
  _vitals?: (s: typeof startVitals) => void;
  _survey?: (s: typeof startSurvey) => void;
};
const w = window as Window & { touchmap?: Stub };
const prev = w.touchmap;

if (prev?._loaded) {
  console.warn('[touchmap] included twice; this copy does nothing');
} else {
  const script = document.currentScript as HTMLScriptElement | null;
  const global = ((m: string, ...a: unknown[]) => (api as unknown as Record<string, (...x: unknown[]) => unknown>)[m]?.(...a)) as Stub & Api;
  // Lazy chunks live beside us (touchmap-vitals.js, touchmap-survey.js) and hand themselves over
  // by calling the global's `_<name>`, which resolves the load.
  const chunk =
    <T,>(name: string) =>
    (url = (script?.src ?? '').replace(/touchmap(\.min)?\.js(\?.*)?$/, `touchmap-${name}.js`)) =>
      new Promise<T>((resolve, onerror) => {
        (global as unknown as Record<string, unknown>)['_' + name] = resolve;
        // Inserted scripts are async: it never blocks the page.
        addScript(url, onerror);
      });
  const api = createApi(chunk<typeof startVitals>('vitals'), chunk<typeof startSurvey>('survey'));
  const d = script?.dataset ?? {};
  // Boolean attributes: present means true, unless its value is "false".
  const flag = (v?: string) => (v == null ? undefined : v != 'false');
  const opts: Partial<Options> = {
    site: d.site,
    endpoint: d.endpoint,
    sampleRate: d.sampleRate ? +d.sampleRate : undefined,
    requireConsent: flag(d.requireConsent),
    respectDoNotTrack: flag(d.respectDnt),
    debug: flag(d.debug),
  };
  const queued = Array.from(prev?.q ?? [], (args) => Array.from(args));
  for (const [m, o] of queued) if (m === 'init') Object.assign(opts, o);

  Object.assign(global, api, { _loaded: 1 });
  w.touchmap = global;
  if (opts.site && opts.endpoint) api.init(opts as Options);
  for (const [m, ...a] of queued) if (m !== 'init') global(m as string, ...a);
}

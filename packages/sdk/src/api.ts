import type { Options } from './options.ts';
import { startTracker, type Tracker } from './tracker.ts';
import type { VitalsLoader } from './signals/vitals.ts';
import type { SurveyLoader } from './survey/trigger.ts';

/** The methods a page may call before `init`: queued, then replayed on the tracker. */
const QUEUED = ['touchpoint', 'step', 'track', 'consent', 'segment', 'endSession'] as const;

export type Api = Tracker & { init(options: Options): Tracker };

/**
 * The one tracker of a page, with calls made before `init` queued and replayed (a page may call
 * `track()` before the SDK starts). Shared by the ESM entry and the script tag.
 */
export function createApi(loadVitals: VitalsLoader, loadSurvey: SurveyLoader): Api {
  let tracker: Tracker | undefined;
  let options: Options | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const queue: [(typeof QUEUED)[number], unknown[]][] = [];
  // The tracker starts in a task of its own, not in the caller's (the script's evaluation or the
  // app's start-up): each start-up task stays short. flush and shutdown start it at once.
  const start = (): Tracker | undefined => {
    clearTimeout(timer);
    if (!tracker && options) {
      tracker = startTracker(options, loadVitals, loadSurvey);
      for (const [m, a] of queue.splice(0)) (tracker[m] as (...x: unknown[]) => void)(...a);
    }
    return tracker;
  };
  const api = {
    init(o: Options): Tracker {
      if (options) console.warn('[touchmap] init called twice; the first configuration stays');
      else (options = o), (timer = setTimeout(start));
      return api;
    },
    flush: (): Promise<void> => start()?.flush() ?? Promise.resolve(),
    shutdown(): Promise<void> {
      // Forgotten at once, not after the flush: an init right after starts a new tracker.
      const t = start();
      tracker = options = undefined;
      return t?.shutdown() ?? Promise.resolve();
    },
  } as Api;
  for (const m of QUEUED)
    (api as unknown as Record<string, (...a: unknown[]) => void>)[m] = (...a) =>
      tracker ? (tracker[m] as (...x: unknown[]) => void)(...a) : void queue.push([m, a]);
  return api;
}

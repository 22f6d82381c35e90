import type { Options } from './options.ts';
import { startTracker, type Tracker } from './tracker.ts';
import type { VitalsLoader } from './signals/vitals.ts';

type Method = Exclude<keyof Tracker, never>;

/**
 * The one tracker of a page, with calls made before `init` queued and replayed (a page may call
 * `track()` before the SDK starts). Shared by the ESM entry and the script tag.
 */
export function createApi(loadVitals: VitalsLoader) {
  let tracker: Tracker | undefined;
  const queue: [Method, unknown[]][] = [];
  const call =
    <M extends Method>(m: M) =>
    (...a: Parameters<Tracker[M]>): ReturnType<Tracker[M]> | undefined => {
      if (tracker) return (tracker[m] as (...x: unknown[]) => ReturnType<Tracker[M]>)(...a);
      queue.push([m, a]);
      return undefined;
    };
  return {
    init(options: Options): Tracker {
      if (tracker) {
        console.warn('[touchmap] init called twice; the first configuration stays');
        return tracker;
      }
      tracker = startTracker(options, loadVitals);
      for (const [m, a] of queue.splice(0)) (tracker[m] as (...x: unknown[]) => unknown)(...a);
      return tracker;
    },
    touchpoint: call('touchpoint'),
    step: call('step'),
    track: call('track'),
    consent: call('consent'),
    segment: call('segment'),
    endSession: call('endSession'),
    flush: (): Promise<void> => tracker?.flush() ?? Promise.resolve(),
    async shutdown(): Promise<void> {
      await tracker?.shutdown();
      tracker = undefined;
    },
  };
}

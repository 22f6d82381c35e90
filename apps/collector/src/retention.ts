import type { Logger } from 'pino';
import type { Store } from './store/store.ts';

const DAY_MS = 86_400_000;

/**
 * Applies the retention setting (`retentionDays`; 0 keeps everything): once at start, then
 * every `everyMs` (a day). The timer does not hold the process open; `stop()` clears it and
 * waits for a run under way, so the store is not closed beneath it.
 */
export function scheduleRetention(store: Store, days: number, log: Logger, everyMs = DAY_MS): { stop(): Promise<void> } {
  if (!days) return { stop: async () => {} };
  let running: Promise<void> | undefined;
  const run = () => {
    if (running) return;
    const cutoff = Date.now() - days * DAY_MS;
    running = store
      .applyRetention(cutoff)
      .then(
        (expired) => log.info({ retentionDays: days, cutoff: new Date(cutoff).toISOString(), removed: { events: expired.events, pageViews: expired.pageViews }, before: new Date(expired.before).toISOString() }, 'retention applied'),
        (err: unknown) => log.error({ err, retentionDays: days }, 'retention failed'),
      )
      .finally(() => (running = undefined));
  };
  run();
  const timer = setInterval(run, everyMs).unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

import { runAll, safe } from './safe.ts';

/** Stops what was started. */
export type Stop = () => void;

type Handler = (e: Event, _?: undefined) => void;

/**
 * The one way the SDK adds DOM listeners: passive and capturing by default (we observe, we never
 * cancel, and capture sees events that pages stop from bubbling), never throwing into the page
 * (window listeners wrapped by `safe`; a document type's handlers run by `runAll`, which reports
 * a failing handler and goes on with the next), and remembered so that `stopAll()` removes them all and nothing leaks after
 * `shutdown()`. Document listeners are shared: one DOM listener per event type runs every
 * signal's handler in registration order, because each listener costs a browser-to-JS dispatch
 * on every event (a click alone brings pointerdown, pointerup, focus changes and the click).
 */
export function createListeners() {
  const stops: Stop[] = [];
  const shared: Record<string, Handler[]> = {};
  const listen = (target: EventTarget, type: string, fn: Handler, capture: boolean) => {
    const opts = { capture, passive: true };
    target.addEventListener(type, fn, opts);
    stops.push(() => target.removeEventListener(type, fn, opts));
  };
  return {
    /** Runs `fn` for every `type` event in the document (capture phase). */
    on<E extends Event>(type: string, fn: (e: E) => void): void {
      let fns = shared[type];
      if (!fns) {
        const all: Handler[] = (fns = shared[type] = []);
        listen(document, type, (e) => runAll(all, e, undefined), true);
        stops.push(() => delete shared[type]);
      }
      fns.push(fn as Handler);
    },
    /** Runs `fn` for every `type` event on window (capture phase unless `capture` is false). */
    onWindow<E extends Event>(type: string, fn: (e: E) => void, capture = true): void {
      listen(window, type, safe(fn as Handler), capture);
    },
    /** Registers a stop function to run on shutdown (observers, timers). */
    add(stop: Stop): void {
      stops.push(stop);
    },
    stopAll(): void {
      while (stops.length) stops.pop()!();
    },
  };
}

export type Listeners = ReturnType<typeof createListeners>;

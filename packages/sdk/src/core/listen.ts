import { runAll } from './safe.ts';

/** Stops what was started. */
export type Stop = () => void;

type Handler = (e: Event, _?: undefined) => void;

/**
 * The one way the SDK adds DOM listeners: passive and capturing by default (we observe, we never
 * cancel, and capture sees events that pages stop from bubbling), never throwing into the page
 * (handlers run by `runAll`, which reports a failing handler and goes on with the next), and
 * remembered so that `stopAll()` removes them all and nothing leaks after `shutdown()`.
 * Listeners are shared: one DOM listener per target, event type and phase runs every signal's
 * handler in registration order, because each listener costs a browser-to-JS dispatch on every
 * event (a click alone brings pointerdown, pointerup, focus changes and the click).
 */
export function createListeners() {
  const stops: Stop[] = [];
  const shared: Record<string, Handler[]> = {};
  const armed = new Map<Handler, Stop>();
  const add = (target: EventTarget, type: string, fn: Handler, capture: boolean): Stop => {
    const opts = { capture, passive: true };
    target.addEventListener(type, fn, opts);
    return () => target.removeEventListener(type, fn, opts);
  };
  const share = (target: EventTarget, key: string, type: string, fn: Handler, capture = true) => {
    let fns = shared[key];
    if (!fns) {
      const all: Handler[] = (fns = shared[key] = []);
      stops.push(add(target, type, (e) => runAll(all, e, undefined), capture), () => delete shared[key]);
    }
    fns.push(fn);
  };
  return {
    /** Runs `fn` for every `type` event in the document (capture phase). */
    on<E extends Event>(type: string, fn: (e: E) => void): void {
      share(document, type, type, fn as Handler);
    },
    /** Runs `fn` for every `type` event on window (capture phase unless `capture` is false). */
    onWindow<E extends Event>(type: string, fn: (e: E) => void, capture = true): void {
      share(window, (capture ? 'W' : 'w') + type, type, fn as Handler, capture);
    },
    /**
     * Runs `fn` once, on the next `type` event in the document (capture phase); arming it again
     * while armed changes nothing. For an event needed only after another (the release of a
     * press on a disabled control, the blur of a focused field): the rest of the time it costs
     * no dispatch.
     */
    onNext<E extends Event>(type: string, fn: (e: E) => void): void {
      if (armed.has(fn as Handler)) return;
      const stop = add(
        document,
        type,
        (e) => {
          disarm();
          runAll([fn as Handler], e, undefined);
        },
        true,
      );
      const disarm = () => {
        stop();
        armed.delete(fn as Handler);
      };
      armed.set(fn as Handler, disarm);
    },
    /** Registers a stop function to run on shutdown (observers, timers). */
    add(stop: Stop): void {
      stops.push(stop);
    },
    stopAll(): void {
      armed.forEach((disarm) => disarm());
      while (stops.length) stops.pop()!();
    },
  };
}

export type Listeners = ReturnType<typeof createListeners>;

/** Stops what was started. */
export type Stop = () => void;

/**
 * The one way the SDK adds DOM listeners: passive and capturing by default (we observe, we never
 * cancel, and capture sees events that pages stop from bubbling), and every listener is
 * remembered so that `stopAll()` removes them all and nothing leaks after `shutdown()`.
 */
export function createListeners() {
  const stops: Stop[] = [];
  return {
    on<E extends Event>(target: EventTarget, type: string, fn: (e: E) => void, capture = true): void {
      const opts = { capture, passive: true };
      target.addEventListener(type, fn as EventListener, opts);
      stops.push(() => target.removeEventListener(type, fn as EventListener, opts));
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

import type { CDPSession } from '@playwright/test';

/** One Chrome trace event, as much of it as we read. */
export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  /** Microseconds. */
  ts: number;
  dur?: number;
  /** Thread CPU time, microseconds (complete events only). */
  tdur?: number;
  args?: { name?: string; data?: Record<string, unknown> } & Record<string, unknown>;
}

// What DevTools' performance panel records: top-level tasks (RunTask), the JS inside them with
// script URLs (FunctionCall, EvaluateScript, v8.compile), and, from `toplevel`, microtask
// checkpoints and the older task event name. V8's own compile categories are left out: they
// multiply the trace's size and add nothing the timeline events don't say.
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel'].join(',');

/** Starts recording a trace of the whole browser; `stop()` returns its events. */
export async function startTrace(cdp: CDPSession): Promise<{ stop: () => Promise<TraceEvent[]> }> {
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReturnAsStream' });
  return {
    async stop() {
      const done = new Promise<string>((resolve, reject) => {
        cdp.once('Tracing.tracingComplete', (e) => (e.stream ? resolve(e.stream) : reject(new Error('trace came back without a stream'))));
      });
      await cdp.send('Tracing.end');
      const stream = await done;
      const parts: string[] = [];
      for (;;) {
        const chunk = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
        parts.push(chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data);
        if (chunk.eof) break;
      }
      await cdp.send('IO.close', { handle: stream });
      const json = JSON.parse(parts.join('')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
      return Array.isArray(json) ? json : (json.traceEvents ?? []);
    },
  };
}

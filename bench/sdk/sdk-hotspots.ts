import { SourceMap, type SourceMapPayload } from 'node:module';
import type { DistSnapshot } from './dist-files.ts';
import { cpuOf, isSdkEvent, scriptUrl, type Window } from './main-thread.ts';
import type { TraceEvent } from './trace.ts';

/** Time spent in one SDK function, found through the build's source map. */
export interface Hotspot {
  calls: number;
  ms: number;
  cpuMs: number;
}

/** Source maps of the script-tag files, by file name; a missing map only costs us the names. */
export function loadSourceMaps(dist: DistSnapshot): Map<string, SourceMap> {
  const maps = new Map<string, SourceMap>();
  for (const f of [dist.iife, dist.vitals]) {
    const map = dist.contents.get(`${f}.map`);
    if (map) maps.set(f, new SourceMap(JSON.parse(map.toString('utf8')) as SourceMapPayload));
  }
  return maps;
}

/**
 * The SDK's JS in the workload window, grouped by the source location of the function the browser
 * called (an event listener, a timer, an IndexedDB callback): where to look first when shrinking
 * its cost. Only calls from the browser into SDK code are seen, not what they call in turn.
 */
export function sdkHotspots(events: TraceEvent[], w: Window, maps: Map<string, SourceMap>): Record<string, Hotspot> {
  const spots: Record<string, Hotspot> = {};
  for (const e of events) {
    if (e.name !== 'FunctionCall' || e.pid !== w.pid || e.tid !== w.tid || e.ts < w.start || e.ts > w.end || !isSdkEvent(e)) continue;
    const file = (scriptUrl(e) ?? '').replace(/^.*\//, '').replace(/\?.*$/, '');
    const line = Number(e.args?.data?.lineNumber ?? 0);
    const col = Number(e.args?.data?.columnNumber ?? 0);
    // Trace positions are 1-based, as findOrigin expects.
    const origin = maps.get(file)?.findOrigin(line, col);
    const key =
      origin && 'fileName' in origin
        ? `${origin.fileName.replace(/^.*?\/src\//, 'src/')}:${origin.lineNumber}`
        : `${file}:${line}:${col}`;
    const s = (spots[key] ??= { calls: 0, ms: 0, cpuMs: 0 });
    s.calls++;
    s.ms += (e.dur ?? 0) / 1000;
    s.cpuMs += cpuOf(e) / 1000;
  }
  return spots;
}

/** Adds one run's hot spots into a running total. */
export function addHotspots(into: Record<string, Hotspot>, from: Record<string, Hotspot>): void {
  for (const [k, v] of Object.entries(from)) {
    const s = (into[k] ??= { calls: 0, ms: 0, cpuMs: 0 });
    s.calls += v.calls;
    s.ms += v.ms;
    s.cpuMs += v.cpuMs;
  }
}

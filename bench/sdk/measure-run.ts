import { writeFile } from 'node:fs/promises';
import type { SourceMap } from 'node:module';
import type { Browser, CDPSession } from '@playwright/test';
import {
  dispatchedEvents,
  findWindow,
  loadCost,
  MARK_END,
  MARK_START,
  scriptStartup,
  tasksOf,
  windowCost,
  type ScriptStartup,
  type WindowCost,
} from './main-thread.ts';
import { sdkHotspots, type Hotspot } from './sdk-hotspots.ts';
import type { BenchServer } from './serve.ts';
import { startTrace } from './trace.ts';
import type { Variant } from './workload-page.ts';
import { measureGeometry, runWorkload, type PhaseTimes } from './workload.ts';

/** One run of one variant, in a fresh browser context (empty cache, empty IndexedDB). */
export interface RunResult {
  variant: Variant;
  /** The workload window, from the trace. */
  workload: WindowCost;
  /** The page's tasks before the window: load, the SDK's start-up and its lazy vitals chunk. */
  load: WindowCost;
  /** The same window from Performance.getMetrics, a cross-check on the trace's sums, ms. */
  metrics: { taskMs: number; scriptMs: number };
  /** touchmap.js and touchmap-vitals.js compile and first evaluation (tracker runs). */
  startup?: { iife: ScriptStartup; vitals: ScriptStartup };
  /** How long each part of the workload took to drive, ms: a sanity check that runs are comparable. */
  phases: PhaseTimes;
  /** Input events the page dispatched in the window, by type (pointer moves are partly coalesced). */
  dispatched: Record<string, number>;
  /** Batches the collector stand-in received during the window (tracker runs): proof the tracker ran. */
  batches: number;
  /** SDK functions the browser called in the window, by source location (tracker runs). */
  hotspots: Record<string, Hotspot>;
}

export interface RunSetup {
  browser: Browser;
  server: BenchServer;
  /** Source maps of touchmap.js and touchmap-vitals.js, to name SDK hot spots. */
  maps: Map<string, SourceMap>;
  /** Also write the raw trace here (open it in DevTools' Performance panel). */
  traceFile?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Idle time after the last input, inside the window, so timers the input started (the tracker's
// dead-click checks, a flush) are counted rather than cut off; idle costs the baseline nothing.
const TAIL_MS = 1000;
// After the tracker reports ready, time for its lazy web-vitals chunk to be evaluated.
const SETTLE_MS = 300;

async function metrics(cdp: CDPSession) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (n: string) => (metrics.find((m) => m.name === n)?.value ?? 0) * 1000;
  return { taskMs: get('TaskDuration'), scriptMs: get('ScriptDuration') };
}

/** Loads the variant, lets it settle, runs the workload between two marks and reads the trace. */
export async function measureRun({ browser, server, maps, traceFile }: RunSetup, variant: Variant): Promise<RunResult> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    // Tracing starts before navigation so the SDK's compile and start-up are in the trace too.
    const trace = await startTrace(cdp);
    await page.goto(`${server.url}/${variant}`, { waitUntil: 'load' });
    // One predicate for both variants, so both pay the same Playwright calls before the window:
    // the tracker page is ready once the SDK has started and its lazy vitals chunk has arrived.
    await page
      .waitForFunction(
        () =>
          document.readyState === 'complete' &&
          (!document.querySelector('script[src$="/touchmap.js"]') ||
            ((window as unknown as { touchmap?: { _loaded?: 1 } }).touchmap?._loaded === 1 &&
              performance.getEntriesByType('resource').some((e) => e.name.endsWith('/touchmap-vitals.js')))),
        null,
        { timeout: 15_000 },
      )
      .catch(() => {
        throw new Error(`${variant} page: the SDK did not start (or never loaded touchmap-vitals.js) within 15 s`);
      });
    await sleep(SETTLE_MS);
    const geometry = await measureGeometry(page);

    const batchesBefore = server.batches();
    const before = await metrics(cdp);
    await page.evaluate((m) => console.timeStamp(m), MARK_START);
    const phases = await runWorkload(page, geometry);
    await sleep(TAIL_MS);
    await page.evaluate((m) => console.timeStamp(m), MARK_END);
    const after = await metrics(cdp);
    const batches = server.batches() - batchesBefore;

    const events = await trace.stop();
    if (traceFile) await writeFile(traceFile, JSON.stringify({ traceEvents: events }));
    const w = findWindow(events);
    const tasks = tasksOf(events, w.pid, w.tid);
    return {
      variant,
      workload: windowCost(tasks, w),
      load: loadCost(tasks, w),
      metrics: { taskMs: after.taskMs - before.taskMs, scriptMs: after.scriptMs - before.scriptMs },
      ...(variant !== 'baseline'
        ? { startup: { iife: scriptStartup(events, w, 'touchmap.js'), vitals: scriptStartup(events, w, 'touchmap-vitals.js') } }
        : {}),
      phases,
      dispatched: dispatchedEvents(events, w),
      batches,
      hotspots: sdkHotspots(events, w, maps),
    };
  } finally {
    await context.close();
  }
}

/**
 * One unmeasured pass over each page before the first measured run: the first context of a fresh
 * browser pays one-off costs (process start-up, Playwright's injected script, disk cache) that
 * would otherwise land on whichever variant happens to run first.
 */
export async function warmUp(browser: Browser, server: BenchServer, variants: Variant[] = ['baseline', 'tracker']): Promise<void> {
  for (const variant of variants) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/${variant}`, { waitUntil: 'load' });
      const g = await measureGeometry(page);
      for (const b of g.buttons.filter((b) => b.y < g.viewport.h).slice(0, 20)) await page.mouse.click(b.x, b.y);
    } finally {
      await context.close();
    }
  }
}

import type { FileSize } from './bytes.ts';
import type { WindowCost } from './main-thread.ts';
import type { RunResult } from './measure-run.ts';
import { addHotspots, type Hotspot } from './sdk-hotspots.ts';
import { spread, type Spread } from './stats.ts';

/** The targets, in one place so the table and the README say the same thing. */
export const TARGETS = {
  iifeGzipBytes: 6144,
  /** The lazy micro-survey chunk (issue 4). */
  surveyGzipBytes: 2048,
  /** Tracker/baseline main-thread time, medians: at most 15% added. */
  ratio: 1.15,
  /** No SDK task longer than this, ms. */
  sdkTaskMs: 4,
};

type Pick = (r: RunResult) => number;
const over = (runs: RunResult[], pick: Pick): Spread => spread(runs.map(pick));

/** Main-thread cost of one variant over its runs. */
export function variantSummary(runs: RunResult[]) {
  const w = (k: keyof WindowCost): Pick => (r) => r.workload[k];
  return {
    runs: runs.length,
    taskMs: over(runs, w('taskMs')),
    taskCpuMs: over(runs, w('taskCpuMs')),
    scriptMs: over(runs, w('scriptMs')),
    metricsTaskMs: over(runs, (r) => r.metrics.taskMs),
    metricsScriptMs: over(runs, (r) => r.metrics.scriptMs),
    tasks: over(runs, w('tasks')),
    longestTaskMs: over(runs, w('longestTaskMs')),
    pointermoves: over(runs, (r) => r.dispatched.pointermove ?? 0),
  };
}
export type VariantSummary = ReturnType<typeof variantSummary>;

/** What the SDK's own tasks cost, over the tracker runs. */
export function sdkSummary(runs: RunResult[]) {
  const w = (k: keyof WindowCost): Pick => (r) => r.workload[k];
  const hotspots: Record<string, Hotspot> = {};
  for (const r of runs) addHotspots(hotspots, r.hotspots);
  const top = Object.entries(hotspots)
    .sort((a, b) => b[1].cpuMs - a[1].cpuMs)
    .slice(0, 8)
    // Per run, so the numbers read against one workload.
    .map(([where, h]) => ({ where, calls: h.calls / runs.length, ms: h.ms / runs.length, cpuMs: h.cpuMs / runs.length }));
  return {
    longestSdkTaskMs: over(runs, w('longestSdkTaskMs')),
    longestSdkTaskCpuMs: over(runs, w('longestSdkTaskCpuMs')),
    mostSdkScriptInOneTaskMs: over(runs, w('mostSdkScriptInOneTaskMs')),
    mostSdkScriptInOneTaskCpuMs: over(runs, w('mostSdkScriptInOneTaskCpuMs')),
    sdkTasks: over(runs, w('sdkTasks')),
    sdkTasksOver4ms: over(runs, w('sdkTasksOver4ms')),
    sdkScriptOver4ms: over(runs, w('sdkScriptOver4ms')),
    loadLongestSdkTaskMs: over(runs, (r) => r.load.longestSdkTaskMs),
    loadLongestSdkTaskCpuMs: over(runs, (r) => r.load.longestSdkTaskCpuMs),
    loadMostSdkScriptInOneTaskCpuMs: over(runs, (r) => r.load.mostSdkScriptInOneTaskCpuMs),
    iifeEvaluateMs: over(runs, (r) => r.startup?.iife.evaluateMs ?? NaN),
    iifeEvaluateCpuMs: over(runs, (r) => r.startup?.iife.evaluateCpuMs ?? NaN),
    iifeCompileMs: over(runs, (r) => r.startup?.iife.compileMs ?? NaN),
    vitalsEvaluateMs: over(runs, (r) => r.startup?.vitals.evaluateMs ?? NaN),
    vitalsEvaluateCpuMs: over(runs, (r) => r.startup?.vitals.evaluateCpuMs ?? NaN),
    batches: over(runs, (r) => r.batches),
    hotspots: top,
  };
}
export type SdkSummary = ReturnType<typeof sdkSummary>;

export interface BenchResult {
  date: string;
  machine: { cpus: number; cpuModel: string; node: string; platform: string; chromium: string };
  bytes: FileSize[];
  mainThread: {
    baseline: VariantSummary;
    tracker: VariantSummary;
    /** Tracker/baseline of medians. */
    ratio: { taskMs: number; taskCpuMs: number; metricsTaskMs: number };
    sdk: SdkSummary;
    runs: Omit<RunResult, 'hotspots'>[];
  };
}

export const ratio = (t: Spread, b: Spread) => t.median / b.median;

import type { TraceEvent } from './trace.ts';

export const MARK_START = 'bench:start';
export const MARK_END = 'bench:end';

/** Scripts whose code counts as the SDK's. */
const SDK_SCRIPT = /\/touchmap(-vitals)?\.js(\?|$)/;

// Events that are V8 compiling or running JS: a call from the browser into a function (listener,
// timer, observer, IndexedDB callback), a script's evaluation, and the microtask checkpoint where
// promise callbacks run. They nest (EvaluateScript holds v8.compile), so script time is the union
// of their intervals, never a sum.
const SCRIPT_EVENTS = new Set([
  'FunctionCall',
  'EvaluateScript',
  'v8.compile',
  'v8.compileModule',
  'v8.evaluateModule',
  'BlinkScheduler_PerformMicrotaskCheckpoint',
]);

/** One top-level task on the page's main thread. */
export interface Task {
  ts: number;
  /** Wall time, µs: how long the thread was busy, including time the OS ran something else. */
  dur: number;
  /** Thread CPU time, µs: less sensitive to a busy machine. */
  cpu: number;
  /** JS time inside the task, µs (union of script events). */
  script: number;
  /** JS time inside the task in functions and scripts from touchmap*.js, µs: wall and CPU. */
  sdkScript: number;
  sdkScriptCpu: number;
  /** Whether any event inside names touchmap*.js as its script. */
  sdk: boolean;
}

export interface Window {
  /** The page's renderer main thread. */
  pid: number;
  tid: number;
  start: number;
  end: number;
}

export const scriptUrl = (e: TraceEvent): string | undefined => {
  const d = e.args?.data;
  const u = d?.url ?? d?.scriptName ?? (e.args as { fileName?: unknown } | undefined)?.fileName;
  return typeof u === 'string' ? u : undefined;
};

export const isSdkEvent = (e: TraceEvent) => SCRIPT_EVENTS.has(e.name) && SDK_SCRIPT.test(scriptUrl(e) ?? '');

/**
 * The measured window and the thread it ran on. The page writes console.timeStamp marks, which the
 * trace records on the renderer main thread that ran them: that finds the page's CrRendererMain
 * among the browser's other renderers (headless Chromium keeps a WebUI renderer of its own).
 */
export function findWindow(events: TraceEvent[]): Window {
  const mark = (m: string) =>
    events.find((e) => e.name === 'TimeStamp' && (e.args?.data?.message === m || e.args?.data?.name === m));
  const s = mark(MARK_START);
  const e = mark(MARK_END);
  if (!s || !e) throw new Error(`trace has no ${MARK_START}/${MARK_END} marks: tracing categories changed?`);
  const thread = events.find((t) => t.name === 'thread_name' && t.pid === s.pid && t.tid === s.tid)?.args?.name;
  if (thread !== 'CrRendererMain') throw new Error(`the marks are on thread "${thread}", not the renderer main thread`);
  return { pid: s.pid, tid: s.tid, start: s.ts, end: e.ts };
}

/** Sum of a set of intervals with overlaps counted once. */
function unionLength(spans: [number, number][]): number {
  spans.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [from, to] = [-Infinity, -Infinity];
  for (const [a, b] of spans) {
    if (a > to) {
      total += to - from > 0 ? to - from : 0;
      [from, to] = [a, b];
    } else if (b > to) to = b;
  }
  return total + (to - from > 0 ? to - from : 0);
}

/** Events not inside another of the list (v8.compile sits inside EvaluateScript), by start. */
function outermost(events: TraceEvent[]): TraceEvent[] {
  const kept: TraceEvent[] = [];
  let end = -Infinity;
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) {
    if (e.ts < end) continue;
    kept.push(e);
    end = e.ts + e.dur!;
  }
  return kept;
}

/**
 * CPU time of a trace event: its thread time, never more than its wall time. Now and then a
 * trace gives an event far more thread time than wall time (6.8 ms CPU in a 0.3 ms call was
 * seen), which no single thread can spend: such readings are capped at the wall time.
 */
export const cpuOf = (e: TraceEvent): number => Math.min(e.tdur ?? e.dur ?? 0, e.dur ?? 0);

/**
 * Top-level tasks of one thread, with what ran inside each. DevTools' `RunTask` is the task event
 * on Chromium 156; `ThreadControllerImpl::RunTask` (category toplevel) is the older name, used if
 * the first is absent. Nested run loops can nest tasks, so only outermost ones are kept.
 */
export function tasksOf(events: TraceEvent[], pid: number, tid: number): Task[] {
  const thread = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined);
  thread.sort((a, b) => a.ts - b.ts);
  const name = thread.some((e) => e.name === 'RunTask') ? 'RunTask' : 'ThreadControllerImpl::RunTask';
  const tasks: Task[] = [];
  let i = 0;
  let end = -Infinity;
  for (const t of thread) {
    if (t.name !== name || t.ts < end) continue;
    end = t.ts + t.dur!;
    // Events are sorted by start, so the task's contents are the run that starts inside it.
    while (i < thread.length && thread[i]!.ts < t.ts) i++;
    const inside: TraceEvent[] = [];
    for (let j = i; j < thread.length && thread[j]!.ts <= end; j++) inside.push(thread[j]!);
    const js = inside.filter((e) => SCRIPT_EVENTS.has(e.name));
    const sdkJs = outermost(js.filter(isSdkEvent));
    tasks.push({
      ts: t.ts,
      dur: t.dur!,
      cpu: cpuOf(t),
      script: unionLength(js.map((e) => [e.ts, e.ts + e.dur!])),
      sdkScript: sdkJs.reduce((a, e) => a + e.dur!, 0),
      sdkScriptCpu: sdkJs.reduce((a, e) => a + cpuOf(e), 0),
      sdk: sdkJs.length > 0,
    });
  }
  return tasks;
}

/** What a stretch of one run cost the page's main thread. */
export interface WindowCost {
  /** Sums over tasks starting in the window, ms. */
  taskMs: number;
  taskCpuMs: number;
  scriptMs: number;
  tasks: number;
  longestTaskMs: number;
  /**
   * Tasks with SDK code in them. The whole task is an upper bound on what the SDK cost (the page's
   * own handlers, hit testing and style run in the same input task); the SDK's own JS in it is a
   * lower bound (promise callbacks run in the microtask checkpoint and are not attributed).
   */
  sdkTasks: number;
  longestSdkTaskMs: number;
  longestSdkTaskCpuMs: number;
  mostSdkScriptInOneTaskMs: number;
  mostSdkScriptInOneTaskCpuMs: number;
  /** Tasks with SDK code longer than 4 ms, by whole task (wall) and by SDK JS alone (CPU). */
  sdkTasksOver4ms: number;
  sdkScriptOver4ms: number;
}

const ms = (us: number) => us / 1000;

/** Tasks that started between the marks. */
export function windowCost(tasks: Task[], w: Window): WindowCost {
  return summarize(tasks.filter((t) => t.ts >= w.start && t.ts < w.end));
}

/** Tasks before the start mark: the page's load, the SDK's start-up and its lazy chunk. */
export function loadCost(tasks: Task[], w: Window): WindowCost {
  return summarize(tasks.filter((t) => t.ts < w.start));
}

function summarize(tasks: Task[]): WindowCost {
  const sdk = tasks.filter((t) => t.sdk);
  const max = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), 0);
  return {
    taskMs: ms(tasks.reduce((a, t) => a + t.dur, 0)),
    taskCpuMs: ms(tasks.reduce((a, t) => a + t.cpu, 0)),
    scriptMs: ms(tasks.reduce((a, t) => a + t.script, 0)),
    tasks: tasks.length,
    longestTaskMs: ms(max(tasks.map((t) => t.dur))),
    sdkTasks: sdk.length,
    longestSdkTaskMs: ms(max(sdk.map((t) => t.dur))),
    longestSdkTaskCpuMs: ms(max(sdk.map((t) => t.cpu))),
    mostSdkScriptInOneTaskMs: ms(max(sdk.map((t) => t.sdkScript))),
    mostSdkScriptInOneTaskCpuMs: ms(max(sdk.map((t) => t.sdkScriptCpu))),
    sdkTasksOver4ms: sdk.filter((t) => t.dur > 4000).length,
    sdkScriptOver4ms: sdk.filter((t) => t.sdkScriptCpu > 4000).length,
  };
}

/** Start-up of one SDK script: compile and first evaluation, ms (0 when it did not run). */
export interface ScriptStartup {
  evaluateMs: number;
  evaluateCpuMs: number;
  compileMs: number;
}

export function scriptStartup(events: TraceEvent[], w: Window, file: string): ScriptStartup {
  const mine = events.filter((e) => e.pid === w.pid && e.tid === w.tid && e.ph === 'X' && scriptUrl(e)?.endsWith(`/${file}`));
  const longest = (name: string, cpu = false) =>
    ms(mine.filter((e) => e.name === name).reduce((a, e) => Math.max(a, (cpu ? cpuOf(e) : e.dur) ?? 0), 0));
  return { evaluateMs: longest('EvaluateScript'), evaluateCpuMs: longest('EvaluateScript', true), compileMs: longest('v8.compile') };
}

const COUNTED_EVENTS = ['click', 'pointermove', 'scroll', 'keydown', 'input'];

/** How many DOM events of the kinds the workload causes the page dispatched in the window. */
export function dispatchedEvents(events: TraceEvent[], w: Window): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(COUNTED_EVENTS.map((t) => [t, 0]));
  for (const e of events) {
    if (e.name !== 'EventDispatch' || e.pid !== w.pid || e.tid !== w.tid || e.ts < w.start || e.ts > w.end) continue;
    const type = e.args?.data?.type;
    if (typeof type === 'string' && type in counts) counts[type]!++;
  }
  return counts;
}

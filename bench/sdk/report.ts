import type { FileSize } from './bytes.ts';
import type { Spread } from './stats.ts';
import { TARGETS, type BenchResult } from './summary.ts';

const n = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
const mmm = (s: Spread, digits = 1) => `${n(s.min, digits)} / ${n(s.median, digits)} / ${n(s.max, digits)}`;
const verdict = (ok: boolean) => (ok ? 'PASS' : 'OVER');

/** Rows of cells; the first row is the header. Rendered as aligned text or as markdown. */
type Table = string[][];

function text(t: Table): string {
  const widths = t[0]!.map((_, c) => Math.max(...t.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return [line(t[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...t.slice(1).map(line)].join('\n');
}

function markdown(t: Table): string {
  // Bold, so a reader skimming the README sees what is over target.
  const line = (r: string[]) => `| ${r.map((c) => c.replace(/\bOVER\b/g, '**OVER**')).join(' | ')} |`;
  return [line(t[0]!), line(t[0]!.map((_, c) => (c === 0 ? '---' : '---:'))), ...t.slice(1).map(line)].join('\n');
}

function bytesTable(files: FileSize[]): Table {
  return [
    ['file', 'raw', 'gzip -9', 'brotli 11', 'budget (gzip)'],
    ...files.map((f) => {
      const budget = f.file === 'touchmap.js' ? TARGETS.iifeGzipBytes : f.file === 'touchmap-survey.js' ? TARGETS.surveyGzipBytes : 0;
      const over = f.gzip - budget;
      return [f.file, String(f.raw), String(f.gzip), String(f.brotli), budget ? `≤ ${budget}: ${verdict(over <= 0)} (${over >= 0 ? '+' : ''}${over})` : ''];
    }),
  ];
}

function mainThreadTable(r: BenchResult): Table {
  const { baseline: b, tracker: t, ratio } = r.mainThread;
  const row = (label: string, bs: Spread, ts: Spread, note = '') => [label, mmm(bs), mmm(ts), n(ts.median - bs.median), note];
  return [
    ['workload window (ms)', 'baseline min / median / max', 'tracker min / median / max', 'added (medians)', `tracker/baseline (target ≤ ${TARGETS.ratio})`],
    row('main-thread tasks, CPU (trace)', b.taskCpuMs, t.taskCpuMs, `${n(ratio.taskCpuMs, 3)} ${verdict(ratio.taskCpuMs <= TARGETS.ratio)}`),
    row('main-thread tasks, wall (trace)', b.taskMs, t.taskMs, `${n(ratio.taskMs, 3)} ${verdict(ratio.taskMs <= TARGETS.ratio)}`),
    row('TaskDuration (getMetrics)', b.metricsTaskMs, t.metricsTaskMs, `${n(ratio.metricsTaskMs, 3)} ${verdict(ratio.metricsTaskMs <= TARGETS.ratio)}`),
    row('script, wall (trace)', b.scriptMs, t.scriptMs),
    row('ScriptDuration (getMetrics)', b.metricsScriptMs, t.metricsScriptMs),
    row('longest task, wall', b.longestTaskMs, t.longestTaskMs),
    [
      'tasks / pointermove events',
      `${n(b.tasks.median, 0)} / ${n(b.pointermoves.median, 0)}`,
      `${n(t.tasks.median, 0)} / ${n(t.pointermoves.median, 0)}`,
      '',
      '',
    ],
  ];
}

function sdkTable(r: BenchResult): Table {
  const s = r.mainThread.sdk;
  const max = TARGETS.sdkTaskMs;
  const row = (label: string, x: Spread, judged = true) => [label, mmm(x), judged ? verdict(x.max <= max) : ''];
  return [
    ['SDK tasks, tracker runs (ms; per-run max)', 'min / median / max', `worst ≤ ${max} ms`],
    row('workload: SDK JS in one task, CPU (lower bound)', s.mostSdkScriptInOneTaskCpuMs),
    row('workload: SDK JS in one task, wall', s.mostSdkScriptInOneTaskMs),
    row('workload: whole task holding SDK code, CPU (upper bound)', s.longestSdkTaskCpuMs),
    row('workload: whole task holding SDK code, wall (upper bound)', s.longestSdkTaskMs),
    row('load: SDK JS in one task, CPU', s.loadMostSdkScriptInOneTaskCpuMs),
    row('load: whole task holding SDK code, CPU', s.loadLongestSdkTaskCpuMs),
    row('load: whole task holding SDK code, wall', s.loadLongestSdkTaskMs),
    row('touchmap.js EvaluateScript, CPU', s.iifeEvaluateCpuMs),
    row('touchmap.js EvaluateScript, wall', s.iifeEvaluateMs),
    row('touchmap.js v8.compile, main-thread part', s.iifeCompileMs, false),
    row('touchmap-vitals.js EvaluateScript, CPU', s.vitalsEvaluateCpuMs),
    row('touchmap-vitals.js EvaluateScript, wall', s.vitalsEvaluateMs),
    ['workload: tasks holding SDK code (count)', mmm(s.sdkTasks, 0), ''],
    [`… of them over ${max} ms whole (wall)`, mmm(s.sdkTasksOver4ms, 0), ''],
    [`… with over ${max} ms of SDK JS (CPU)`, mmm(s.sdkScriptOver4ms, 0), ''],
    ['workload: batches delivered', mmm(s.batches, 0), ''],
  ];
}

function hotspotTable(r: BenchResult): Table {
  return [
    ['SDK function called by the browser (source map)', 'calls/run', 'CPU ms/run', 'wall ms/run'],
    ...r.mainThread.sdk.hotspots.map((h) => [h.where, n(h.calls, 0), n(h.cpuMs), n(h.ms)]),
  ];
}

/** One line per target, from the tables' own numbers. */
function verdicts(r: BenchResult): string[] {
  const iife = r.bytes.find((f) => f.file === 'touchmap.js');
  const { ratio, sdk } = r.mainThread;
  const ms = TARGETS.sdkTaskMs;
  return [
    `touchmap.js gzip ${iife?.gzip ?? '?'} B, budget ${TARGETS.iifeGzipBytes} B: ${verdict((iife?.gzip ?? Infinity) <= TARGETS.iifeGzipBytes)}`,
    `main thread tracker/baseline (medians, target ≤ ${TARGETS.ratio}): CPU ${n(ratio.taskCpuMs, 3)} ${verdict(ratio.taskCpuMs <= TARGETS.ratio)}, ` +
      `wall ${n(ratio.taskMs, 3)} ${verdict(ratio.taskMs <= TARGETS.ratio)} (machine load dilutes the wall ratio; judge by CPU)`,
    `longest SDK task (target ≤ ${ms} ms): SDK JS in one workload task ${n(sdk.mostSdkScriptInOneTaskCpuMs.max)} ms CPU ` +
      `${verdict(sdk.mostSdkScriptInOneTaskCpuMs.max <= ms)}; start-up (any one task of the load: evaluation, each start-up step, ` +
      `the vitals chunk) ${n(sdk.loadMostSdkScriptInOneTaskCpuMs.median)} ms CPU (median) ${verdict(sdk.loadMostSdkScriptInOneTaskCpuMs.median <= ms)}`,
  ];
}

const header = (r: BenchResult) =>
  `${r.date} · ${r.machine.cpus} cores (${r.machine.cpuModel}) · Node ${r.machine.node} · Chromium ${r.machine.chromium} · ` +
  `${r.mainThread.baseline.runs} runs per variant`;

/** The console report. */
export function textReport(r: BenchResult): string {
  return [
    header(r),
    '',
    ...verdicts(r),
    '',
    text(bytesTable(r.bytes)),
    '',
    text(mainThreadTable(r)),
    '',
    text(sdkTable(r)),
    '',
    text(hotspotTable(r)),
  ].join('\n');
}

/** The README's results section, ready to paste over the old one. */
export function markdownReport(r: BenchResult): string {
  return [
    `Measured ${header(r)}.`,
    '',
    ...verdicts(r).map((v) => `- ${v.replace(/\bOVER\b/g, '**OVER**')}`),
    '',
    '**Bytes**',
    '',
    markdown(bytesTable(r.bytes)),
    '',
    '**Main thread**',
    '',
    markdown(mainThreadTable(r)),
    '',
    '**SDK tasks**',
    '',
    markdown(sdkTable(r)),
    '',
    '**Where the SDK spends its time** (workload window, per run)',
    '',
    markdown(hotspotTable(r)),
  ].join('\n');
}

/**
 * `pnpm bench`: the SDK's bytes, and its main-thread cost measured side by side against the same
 * page without it. Ratios from one run on one machine, never absolute timings to assert on.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './browser.ts';
import { measureBytes } from './bytes.ts';
import { snapshotDist } from './dist-files.ts';
import { measureRun, warmUp, type RunResult } from './measure-run.ts';
import { markdownReport, textReport } from './report.ts';
import { loadSourceMaps } from './sdk-hotspots.ts';
import { startServer } from './serve.ts';
import { ratio, sdkSummary, variantSummary, type BenchResult } from './summary.ts';
import type { Variant } from './workload-page.ts';

// Five runs a variant keep `pnpm bench` around three minutes on two cores; raise for a calmer median.
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TRACE_DIR = process.env.BENCH_TRACE_DIR;
const WRITE_README = process.env.BENCH_WRITE_README === '1';
const resultsDir = fileURLToPath(new URL('../results', import.meta.url));
const readme = fileURLToPath(new URL('../README.md', import.meta.url));
const RESULTS_START = '<!-- results:start -->';
const RESULTS_END = '<!-- results:end -->';

/** Replaces the README's results section (between the markers) with this run's. */
async function writeReadme(section: string): Promise<void> {
  const text = await readFile(readme, 'utf8');
  const from = text.indexOf(RESULTS_START);
  const to = text.indexOf(RESULTS_END);
  if (from < 0 || to < from) throw new Error(`${readme} has no ${RESULTS_START} … ${RESULTS_END} section to replace`);
  await writeFile(readme, `${text.slice(0, from + RESULTS_START.length)}\n${section}\n${text.slice(to)}`);
}

async function main() {
  const started = Date.now();
  if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`BENCH_RUNS must be a whole number ≥ 1, not "${process.env.BENCH_RUNS}"`);
  const dist = await snapshotDist();
  const bytes = [dist.iife, dist.vitals, dist.survey, dist.esmEntry, ...dist.esmChunks].map((f) => measureBytes(f, dist.contents.get(f)!));
  const maps = loadSourceMaps(dist);

  const server = await startServer(dist.contents);
  const browser = await launchChromium();
  const runs: RunResult[] = [];
  let chromiumVersion = '';
  try {
    chromiumVersion = browser.version();
    if (TRACE_DIR) await mkdir(TRACE_DIR, { recursive: true });
    console.log(`Chromium ${chromiumVersion}; warming up, then ${RUNS} runs per variant…`);
    await warmUp(browser, server);
    for (let i = 0; i < RUNS; i++) {
      // ABBA order: drift over the run (thermal, other load) falls on both variants alike.
      const order: Variant[] = i % 2 ? ['tracker', 'baseline'] : ['baseline', 'tracker'];
      for (const variant of order) {
        const traceFile = TRACE_DIR ? join(TRACE_DIR, `${variant}-${i + 1}.json`) : undefined;
        const r = await measureRun({ browser, server, maps, ...(traceFile ? { traceFile } : {}) }, variant);
        runs.push(r);
        const driven = Object.values(r.phases).reduce((a, b) => a + b, 0) / 1000;
        console.log(
          `  run ${i + 1}/${RUNS} ${variant.padEnd(8)} tasks ${r.workload.taskMs.toFixed(0)} ms wall, ` +
            `${r.workload.taskCpuMs.toFixed(0)} ms CPU; script ${r.workload.scriptMs.toFixed(0)} ms; driven in ${driven.toFixed(1)} s`,
        );
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const of = (v: Variant) => runs.filter((r) => r.variant === v);
  const baseline = variantSummary(of('baseline'));
  const tracker = variantSummary(of('tracker'));
  const cpu = cpus();
  const result: BenchResult = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpu.length,
      cpuModel: cpu[0]?.model.trim() ?? 'unknown',
      node: process.versions.node,
      platform: `${process.platform} ${process.arch}`,
      chromium: chromiumVersion,
    },
    bytes,
    mainThread: {
      baseline,
      tracker,
      ratio: {
        taskMs: ratio(tracker.taskMs, baseline.taskMs),
        taskCpuMs: ratio(tracker.taskCpuMs, baseline.taskCpuMs),
        metricsTaskMs: ratio(tracker.metricsTaskMs, baseline.metricsTaskMs),
      },
      sdk: sdkSummary(of('tracker')),
      runs: runs.map(({ hotspots: _, ...r }) => r),
    },
  };

  await mkdir(resultsDir, { recursive: true });
  const stamp = result.date.replace(/[:.]/g, '-');
  const json = join(resultsDir, `sdk-${stamp}.json`);
  const md = join(resultsDir, `sdk-${stamp}.md`);
  await writeFile(json, JSON.stringify(result, null, 2));
  const section = markdownReport(result);
  await writeFile(md, section + '\n');
  console.log(`\n${textReport(result)}\n`);
  console.log(`Wrote ${json}\n  and ${md} (the README's results section).`);
  if (WRITE_README) {
    await writeReadme(section);
    console.log(`Updated the results section of ${readme}.`);
  }
  console.log(`Took ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

main().catch((e: unknown) => {
  console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});

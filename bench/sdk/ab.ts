/**
 * `pnpm bench:ab <dist>`: this build's main-thread cost against another build's, measured side by
 * side in one run, with the no-tracker page beside both. `<dist>` is another build's
 * packages/sdk/dist (a `git worktree` of an older commit, built). Two `pnpm bench` runs compare two
 * moods of a noisy machine; this compares two builds under the same one, which is how a change's
 * cost is judged. Prints a table; writes nothing.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { launchChromium } from './browser.ts';
import { measureBytes } from './bytes.ts';
import { snapshotDist } from './dist-files.ts';
import { measureRun, warmUp, type RunResult } from './measure-run.ts';
import { startServer } from './serve.ts';
import { spread } from './stats.ts';
import type { Variant } from './workload-page.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const against = process.argv[2];

// Each run measures the three pages in another order, so drift over the run falls on all alike.
const ORDERS: Variant[][] = [
  ['baseline', 'tracker', 'against'],
  ['against', 'baseline', 'tracker'],
  ['tracker', 'against', 'baseline'],
  ['against', 'tracker', 'baseline'],
  ['baseline', 'against', 'tracker'],
  ['tracker', 'baseline', 'against'],
];

async function main() {
  if (!against) throw new Error('usage: pnpm bench:ab <another build of packages/sdk/dist>');
  if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`BENCH_RUNS must be a whole number ≥ 1, not "${process.env.BENCH_RUNS}"`);
  const dist = await snapshotDist();
  const scripts = new Map(dist.contents);
  for (const f of ['touchmap.js', 'touchmap-vitals.js']) {
    const path = join(resolve(against), f);
    scripts.set(`against/${f}`, await readFile(path).catch(() => Promise.reject(new Error(`${path} not found: is ${against} a built packages/sdk/dist?`))));
  }
  const gzip = (f: string) => measureBytes(f, scripts.get(f)!).gzip;

  const server = await startServer(scripts);
  const browser = await launchChromium();
  const runs: RunResult[] = [];
  try {
    console.log(`Chromium ${browser.version()}; warming up, then ${RUNS} runs per page…`);
    await warmUp(browser, server, ['baseline', 'tracker', 'against']);
    for (let i = 0; i < RUNS; i++) {
      for (const variant of ORDERS[i % ORDERS.length]!) {
        const r = await measureRun({ browser, server, maps: new Map() }, variant);
        runs.push(r);
        console.log(`  run ${i + 1}/${RUNS} ${variant.padEnd(8)} ${r.workload.taskCpuMs.toFixed(0)} ms CPU, script ${r.metrics.scriptMs.toFixed(0)} ms`);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }

  const median = (v: Variant, pick: (r: RunResult) => number) => spread(runs.filter((r) => r.variant === v).map(pick)).median;
  const rows: [string, (r: RunResult) => number][] = [
    ['workload, main-thread CPU (ms)', (r) => r.workload.taskCpuMs],
    ['workload, ScriptDuration (ms)', (r) => r.metrics.scriptMs],
    ['workload, most SDK JS in one task, CPU (ms)', (r) => r.workload.mostSdkScriptInOneTaskCpuMs],
    ['load, most SDK JS in one task, CPU (ms)', (r) => r.load.mostSdkScriptInOneTaskCpuMs],
  ];
  const cells = (xs: (string | number)[]) => xs.map((x) => (typeof x == 'number' ? x.toFixed(1) : x));
  const table = [cells(['median of ' + RUNS + ' runs', 'baseline', 'this build', 'against', 'this − against'])];
  for (const [name, pick] of rows) {
    const [b, t, a] = (['baseline', 'tracker', 'against'] as const).map((v) => median(v, pick));
    table.push(cells([name, b!, t!, a!, t! - a!]));
  }
  const cpu = (v: Variant) => median(v, (r) => r.workload.taskCpuMs);
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  console.log('\n' + table.map((row) => row.map((x, c) => (c ? x.padStart(widths[c]!) : x.padEnd(widths[c]!))).join('  ')).join('\n'));
  console.log(
    `\nCPU tracker/baseline: this build ${(cpu('tracker') / cpu('baseline')).toFixed(3)}, against ${(cpu('against') / cpu('baseline')).toFixed(3)}; ` +
      `added CPU this/against ${((cpu('tracker') - cpu('baseline')) / (cpu('against') - cpu('baseline'))).toFixed(2)}`,
  );
  console.log(`touchmap.js gzip: this build ${gzip('touchmap.js')} B, against ${gzip('against/touchmap.js')} B`);
}

main().catch((e: unknown) => {
  console.error(`bench:ab failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
});

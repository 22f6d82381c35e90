// `pnpm bench:overlay`: how long the overlay takes to paint a heatmap of 10,000 and 100,000
// points in Chromium, and the bytes of its bundle. Not a test: it reports, it never fails a
// build over a number. Numbers go to bench/README.md.
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { launchChromium } from '../sdk/browser.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const file = new URL('../../packages/overlay/dist/touchmap-overlay.js', import.meta.url);
const bundle = readFileSync(file);
const bytes = {
  raw: bundle.length,
  gzip: gzipSync(bundle, { level: 9 }).length,
  brotli: brotliCompressSync(bundle, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
};

// A page of 400 elements (a 20 × 20 grid of buttons over 1280 × 720) with a heatmap whose points
// are spread over them, plus a tenth on elements that are gone: the overlay's real pipeline —
// look up each element, place its binned points on its box, the density grid, the canvas.
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
await page.setContent(`<!doctype html><body style="margin:0"><div id="g" style="display:grid;grid-template-columns:repeat(20,64px);grid-auto-rows:36px"></div></body>`);
await page.evaluate(() => {
  const g = document.getElementById('g')!;
  for (let i = 0; i < 400; i++) g.insertAdjacentHTML('beforeend', `<button id="b${i}">${i}</button>`);
  (window as { touchmapOverlayNoOpen?: boolean }).touchmapOverlayNoOpen = true;
});
await page.addScriptTag({ content: bundle.toString('utf8') });
// tsx names the functions inside page.evaluate with a helper the page lacks.
await page.evaluate('window.__name = (f) => f');

type Timing = { place: number; paint: number; total: number; painted: number };
const measure = (points: number) =>
  page.evaluate((points): Timing => {
    type O = typeof import('../../packages/overlay/src/main.ts');
    const o = (window as unknown as { touchmapOverlay: O }).touchmapOverlay;
    const bins = 20;
    // Each point its own cell (weight 1): the worst case, no aggregation by the collector.
    const rows = Array.from({ length: 400 }, (_, i) => ({ sel: `#b${i}`, n: 0, bins: [] as [number, number, number][] }));
    const gone: [number, number, number, number][] = [];
    let seed = 1;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < points; i++) {
      if (i % 10 === 9) gone.push([Math.floor(rnd() * 40), Math.floor(rnd() * 22), 1, 0]);
      else {
        const r = rows[Math.floor(rnd() * 400)]!;
        r.bins.push([Math.floor(rnd() * bins), Math.floor(rnd() * bins), 1]);
        r.n++;
      }
    }
    const map = { rows, grid: { cell: 32, sels: ['#removed'], page: gone, fixed: [] } };
    const canvas = document.createElement('canvas');
    canvas.width = innerWidth;
    canvas.height = innerHeight;
    canvas.style.cssText = `position:fixed;inset:0;width:${innerWidth}px;height:${innerHeight}px;pointer-events:none`;
    document.body.appendChild(canvas);
    const resolver = o.createResolver();
    const t0 = performance.now();
    const placed = o.placePoints(map, bins, resolver, scrollX, scrollY);
    const t1 = performance.now();
    o.drawDensity(canvas, o.density(placed.xyw, placed.n, innerWidth, innerHeight));
    o.drawGone(canvas, placed.gone);
    // Read one pixel back: the paint has really happened (the canvas is flushed).
    canvas.getContext('2d')!.getImageData(0, 0, 1, 1);
    const t2 = performance.now();
    canvas.remove();
    return { place: t1 - t0, paint: t2 - t1, total: t2 - t0, painted: placed.n + placed.missing };
  }, points);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const results: Record<string, unknown> = { bytes, runs: RUNS };
await measure(1000); // warm-up: JIT, canvas
for (const n of [10_000, 100_000]) {
  const runs: Timing[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measure(n));
  const pick = (k: keyof Timing) => runs.map((r) => r[k]);
  results[n] = {
    points: runs[0]!.painted,
    placeMedian: +median(pick('place')).toFixed(1),
    paintMedian: +median(pick('paint')).toFixed(1),
    totalMedian: +median(pick('total')).toFixed(1),
    totalMin: +Math.min(...pick('total')).toFixed(1),
    totalMax: +Math.max(...pick('total')).toFixed(1),
  };
}
await browser.close();
console.log(JSON.stringify(results, null, 2));

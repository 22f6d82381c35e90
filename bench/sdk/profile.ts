// `tsx bench/sdk/profile.ts [script]`: where the SDK's main-thread time goes. Loads the workload
// page with an unminified build of the script tag (so functions keep their names), records a
// V8 CPU profile of start-up and of 100 clicks, and prints self time per function and file.
// A diagnostic for the lead, not a benchmark: the ratios live in run.ts.
import { readFileSync } from 'node:fs';
import { launchChromium } from './browser.ts';
import { startServer } from './serve.ts';

const plain = process.argv[2] ?? '/tmp/tm-plain.js';
const server = await startServer(new Map([['touchmap.js', readFileSync(plain)]]));
const browser = await launchChromium();
const page = await browser.newPage();
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 50 });

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

function summarize(name: string, p: Profile) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const key = n.callFrame.url.includes('touchmap') ? `${n.callFrame.functionName || '(anon)'}:${n.callFrame.lineNumber + 1}` : n.callFrame.url ? '(page)' : n.callFrame.functionName || '(native)';
    self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log(`\n== ${name}: top self time (ms)`);
  for (const [k, ms] of rows) console.log(ms.toFixed(2).padStart(8), k);
}

await cdp.send('Profiler.start');
await page.goto(`${server.url}/tracker`);
await page.waitForFunction(() => (window as unknown as { touchmap?: { _loaded?: 1 } }).touchmap?._loaded === 1);
await page.waitForTimeout(500);
summarize('start-up (load + 500 ms)', (await cdp.send('Profiler.stop')).profile as Profile);

// Centres of the buttons in the first viewport, computed once: the profile then holds the
// page's and the SDK's work, not the test driver's queries.
const centres = await page.evaluate(() =>
  [...document.querySelectorAll('button')]
    .map((b) => b.getBoundingClientRect())
    .filter((r) => r.bottom < innerHeight && r.top > 0)
    .map((r) => [r.x + r.width / 2, r.y + r.height / 2]),
);
await cdp.send('Profiler.start');
for (let i = 0; i < 100; i++) {
  const [x, y] = centres[i % centres.length]!;
  await page.mouse.click(x!, y!);
  await page.waitForTimeout(30);
}
summarize('100 clicks', (await cdp.send('Profiler.stop')).profile as Profile);

await cdp.send('Profiler.start');
for (let i = 0; i < 600; i++) await page.mouse.move(100 + ((i * 37) % 1000), 100 + ((i * 53) % 500));
summarize('600 pointer moves', (await cdp.send('Profiler.stop')).profile as Profile);
await browser.close();
await server.close();

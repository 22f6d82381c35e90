import { chromium } from '@playwright/test';
import { startServer } from './serve.ts';
import { distDir } from './dist-files.ts';
import { measureRun } from './measure-run.ts';
const server = await startServer(distDir);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
for (const v of ['baseline', 'tracker', 'baseline', 'tracker'] as const) {
  const t = Date.now();
  const r = await measureRun(browser, server, v);
  console.log(v, Date.now() - t, JSON.stringify(r));
}
await browser.close(); await server.close();

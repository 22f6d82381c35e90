import { chromium, type Browser } from '@playwright/test';

// Playwright cannot download browsers here: Debian's Chromium, launched by path, with the flags
// the e2e tests use (no background networking or updates that would add noise to the trace).
const ARGS = [
  // Headless Chromium names itself HeadlessChrome, a bot to the collector (`bots: drop`), which
  // would not store what the demo's simulated shoppers do. Browser-wide: a context's userAgent
  // (a device's) does not reach the beacons pages send as they unload.
  '--user-agent=Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36',
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  try {
    return await chromium.launch({ executablePath, args: ARGS });
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new Error(`could not start Chromium at ${executablePath} (${why}); set CHROMIUM_PATH to another build`);
  }
}

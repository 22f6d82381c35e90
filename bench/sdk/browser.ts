import { chromium, type Browser } from '@playwright/test';

// Playwright cannot download browsers here: Debian's Chromium, launched by path, with the flags
// the e2e tests use (no background networking or updates that would add noise to the trace).
const ARGS = [
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

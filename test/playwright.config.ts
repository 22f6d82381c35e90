import { defineConfig } from '@playwright/test';

// Playwright cannot download browsers here: Debian's chromium, launched by path (toolchain.md).
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// The demo shop's port; another checkout can run its suite beside this one with E2E_PORT set.
const port = Number(process.env.E2E_PORT ?? 5174);
const VISITOR_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';

export default defineConfig({
  testDir: './e2e',
  fullyParallel: true,
  workers: 2,
  // One retry in CI: a flaky test is then reported as "flaky" in the output instead of sinking a
  // landing; locally a failure is a failure.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: chromium,
      // The tests play visitors. Headless Chromium names itself HeadlessChrome, which the
      // collector takes for a bot (`bots: drop`) and does not store. Set for the whole browser:
      // a context's userAgent does not reach the beacons a page sends as it unloads.
      args: [`--user-agent=${VISITOR_UA}`, '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  // The demo shop, built (with the SDK) by `pnpm build` before the tests run.
  webServer: {
    command: `pnpm --filter @touchmap/demo-shop exec vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});

import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { startCaptureServer, type CaptureServer } from './capture-server.ts';

/** SDK options for tests: a fast flush so tests don't wait on production timers. */
export type SdkOptions = Record<string, unknown>;

/**
 * Makes every page of `context` start the SDK against `endpoint` with `options`, through the
 * documented call queue (a queued `init` is merged over the script tag's data attributes).
 */
export async function useSdk(context: BrowserContext, endpoint: string, options: SdkOptions = {}): Promise<void> {
  await context.addInitScript(
    ([endpoint, options]) => {
      const w = window as unknown as { touchmap?: ((...a: unknown[]) => void) & { q?: unknown[] } };
      w.touchmap = w.touchmap || Object.assign((...a: unknown[]) => (w.touchmap!.q = w.touchmap!.q || []).push(a), {});
      w.touchmap('init', { endpoint, flushIntervalMs: 300, retryBaseMs: 200, retryMaxMs: 1000, ...options });
    },
    [endpoint, options] as const,
  );
}

/**
 * Waits until the SDK on `page` listens (the script is async). It starts in short timer tasks
 * (tracker.ts): one to start, one for the shared listeners, one for the detectors. Timers of
 * equal delay run in order, so a zero timer set after each hop runs after the task that hop
 * queued.
 */
export async function sdkReady(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { touchmap?: { _loaded?: 1 } }).touchmap?._loaded === 1);
  await page.evaluate(async () => {
    for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r));
  });
}

export const test = base.extend<{ collector: CaptureServer; sdkOptions: SdkOptions }>({
  sdkOptions: [{}, { option: true }],
  collector: async ({}, use) => {
    const c = await startCaptureServer();
    await use(c);
    expect(c.invalid, 'every batch the SDK sent is valid protocol').toEqual([]);
    await c.close();
  },
  context: async ({ context, collector, sdkOptions }, use) => {
    await useSdk(context, collector.url, sdkOptions);
    await use(context);
  },
});

export { expect };


import { parseRetryAfter } from './backoff.ts';

/**
 * What a delivery attempt came to, as one number (bytes matter here): 0 = stored by the
 * collector; -1 = refused for good (4xx other than 408/429: retrying cannot help); otherwise try
 * again, not sooner than that many ms (at least 1).
 */
export type Outcome = number;

/**
 * POSTs a batch as text/plain: a CORS "simple request", so no preflight round trip, and the same
 * body sendBeacon sends, so the collector parses one format. keepalive lets a request under way
 * finish when the page is closed (batches stay under its 64 KiB limit).
 */
export async function post(url: string, body: string): Promise<Outcome> {
  try {
    const res = await fetch(url, { method: 'POST', body, keepalive: true, credentials: 'omit', headers: { 'content-type': 'text/plain' } });
    const s = res.status;
    return res.ok ? 0 : s > 399 && s < 500 && s != 408 && s != 429 ? -1 : Math.max(1, parseRetryAfter(res.headers.get('retry-after')));
  } catch {
    return 1;
  }
}

/** Queues a batch with sendBeacon; false when the browser refused it (too big, quota used up). */
export function beacon(url: string, body: string): boolean {
  try {
    return navigator.sendBeacon(url, body);
  } catch {
    return false;
  }
}

import { parseRetryAfter } from './backoff.ts';

/** What a delivery attempt came to. */
export type Outcome =
  /** Stored by the collector: delete the chunks. */
  | { ok: true }
  /** Refused for good (4xx other than 408/429): retrying cannot help; drop and report. */
  | { ok: false; fatal: true; status: number }
  /** Try again later, not before `retryAfterMs`. */
  | { ok: false; fatal: false; retryAfterMs: number };

/**
 * POSTs a batch as text/plain: a CORS "simple request", so no preflight round trip, and the same
 * body sendBeacon sends, so the collector parses one format. keepalive lets a request under way
 * finish when the page is closed (batches stay under its 64 KiB limit).
 */
export async function post(url: string, body: string): Promise<Outcome> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', body, keepalive: true, credentials: 'omit', headers: { 'content-type': 'text/plain' } });
  } catch {
    return { ok: false, fatal: false, retryAfterMs: 0 };
  }
  if (res.ok) return { ok: true };
  const s = res.status;
  if (s >= 400 && s < 500 && s !== 408 && s !== 429) return { ok: false, fatal: true, status: s };
  return { ok: false, fatal: false, retryAfterMs: parseRetryAfter(res.headers.get('retry-after')) };
}

/** Queues a batch with sendBeacon; false when the browser refused it (too big, quota used up). */
export function beacon(url: string, body: string): boolean {
  try {
    return navigator.sendBeacon(url, body);
  } catch {
    return false;
  }
}

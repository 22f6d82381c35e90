/**
 * Delay before retry number `attempt` (0-based): exponential from `baseMs`, capped at `maxMs`,
 * with full jitter (AWS's "exponential backoff and jitter": spreads a crowd of visitors that all
 * failed at once), and never sooner than the server's Retry-After.
 */
export function retryDelay(attempt: number, baseMs: number, maxMs: number, retryAfterMs = 0, random = Math.random): number {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.max(retryAfterMs, Math.round(cap * random()));
}

/** Retry-After as ms: delta-seconds or an HTTP date (RFC 9110 §10.2.3); 0 when absent or invalid. */
export function parseRetryAfter(value: string | null, now = Date.now()): number {
  if (!value) return 0;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : 0;
}

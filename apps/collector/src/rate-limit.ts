/**
 * A token bucket per site: `perSecond` batches a second on average, bursts up to `burst`.
 * `take(site)` answers 0 when a batch may pass, else the seconds until one may (Retry-After).
 */
export function createRateLimit(perSecond: number, burst = perSecond * 2) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(site: string, now = Date.now()): number {
      const b = buckets.get(site) ?? { tokens: burst, at: now };
      b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
      b.at = now;
      buckets.set(site, b);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / perSecond));
    },
  };
}

import { Event } from '@touchmap/protocol';

// Batches and requests the collector's process tests share.
let n = 0;
/** A valid batch of `events` clicks on #pay, for a fresh page view. */
export const batch = (site: string, events = 3, overrides: Record<string, unknown> = {}) => {
  const now = Date.now();
  const pv = `pv${++n}-${process.pid}`;
  return {
    v: 1,
    site,
    sid: 's1',
    pv,
    bid: `${pv}.0`,
    sent: now,
    events: Array.from({ length: events }, (_, i) => ({ id: `${pv}.${i}`, t: now, k: 'click', sel: '#pay', ox: 0.5, oy: 0.5, x: 10, y: 20, sx: 0, sy: 0, vw: 800, vh: 600 })),
    ...overrides,
  };
};
export const nextId = () => `id${++n}-${process.pid}`;
/** A visitor's browser: batches come from browsers, and Node's own User-Agent (`node`) is a bot's. */
export const BROWSER_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36';
export const post = (url: string, body: string | Uint8Array, headers: Record<string, string> = {}, path = '/v1/batch') =>
  fetch(`${url}${path}`, { method: 'POST', body: body as BodyInit, headers: { 'content-type': 'text/plain', 'user-agent': BROWSER_UA, ...headers } });
export type { Event };

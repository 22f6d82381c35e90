// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { durableStore, type Store } from '../buffer/store.ts';
import { createOutbox, type OutboxConfig } from './outbox.ts';

interface Sent {
  events: { id: string }[];
  drop?: number;
  bid: string;
}

const cfg: OutboxConfig = {
  site: 's1',
  endpoint: 'http://collector.test',
  batchSize: 50,
  flushIntervalMs: 20,
  maxBufferedEvents: 1000,
  retryBaseMs: 5,
  retryMaxMs: 20,
};

/** A scripted collector: answers from `script` in order, then 200. Records what it stored. */
function collector(script: { status: number; retryAfter?: string }[] = []) {
  const stored: Sent[] = [];
  let calls = 0;
  const fetch = vi.fn(async (_url: string, init: RequestInit) => {
    const step = script[calls++];
    if (step && step.status !== 200) return new Response('{}', { status: step.status, headers: step.retryAfter ? { 'retry-after': step.retryAfter } : {} });
    stored.push(JSON.parse(init.body as string));
    return new Response('{}', { status: 200 });
  });
  vi.stubGlobal('fetch', fetch);
  return { stored, fetch, ids: () => stored.flatMap((b) => b.events.map((e) => e.id)) };
}

const until = async (f: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};
const ev = (i: number) => ({ id: 'p.' + i, t: i, k: 'track', name: 'e' });

let store: Store;
beforeEach(() => {
  store = durableStore(() => {
    throw new Error('unexpected fallback');
  });
  localStorage.clear();
});
afterEach(async () => {
  vi.unstubAllGlobals();
  await store.delMany(await store.keys());
});

describe('outbox', () => {
  it('persists to IndexedDB, delivers each event once, then empties the store', async () => {
    const c = collector();
    const box = createOutbox(cfg, store);
    await box.enable();
    for (let i = 0; i < 120; i++) box.push('s', 'p', ev(i));
    await until(() => c.ids().length === 120);
    await box.flush();
    expect(new Set(c.ids()).size).toBe(120);
    expect(c.stored.every((b) => b.events.length <= 500)).toBe(true);
    await until(() => false, 50).catch(() => {});
    expect(await store.keys()).toEqual([]);
    box.stop();
  });

  it('retries on 503 and network errors, honouring Retry-After, without duplicates', async () => {
    const c = collector([{ status: 503, retryAfter: '0.05' }, { status: 503 }, { status: 429 }]);
    const box = createOutbox(cfg, store);
    await box.enable();
    const t0 = Date.now();
    for (let i = 0; i < 10; i++) box.push('s', 'p', ev(i));
    await until(() => c.ids().length === 10);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(50);
    expect(c.fetch.mock.calls.length).toBe(4);
    expect(c.ids()).toEqual(Array.from({ length: 10 }, (_, i) => 'p.' + i));
    box.stop();
  });

  it('drops a batch the collector refuses for good (400) instead of blocking the queue', async () => {
    const c = collector([{ status: 400 }]);
    const box = createOutbox(cfg, store);
    await box.enable();
    box.push('s', 'p', ev(0));
    await box.flush();
    box.push('s', 'p', ev(1));
    await until(() => c.ids().length === 1);
    expect(c.ids()).toEqual(['p.1']);
    expect(await store.keys()).toEqual([]);
    box.stop();
  });

  it('keeps at most maxBufferedEvents while failing, and reports the drop count', async () => {
    const failing = Array.from({ length: 1000 }, () => ({ status: 503 }));
    const c = collector(failing);
    const box = createOutbox({ ...cfg, maxBufferedEvents: 30, batchSize: 1000, retryBaseMs: 1, retryMaxMs: 1 }, store);
    await box.enable();
    for (let i = 0; i < 100; i++) {
      box.push('s', 'p', ev(i));
      if (i % 10 === 9) await box.flush();
    }
    await box.flush();
    const buffered = (await store.keys()).reduce((n, k) => n + k[3], 0);
    expect(buffered).toBeLessThanOrEqual(30);
    // Collector back: what is left arrives, with the number dropped.
    c.fetch.mockImplementation(async (_u: string, init: RequestInit) => {
      c.stored.push(JSON.parse(init.body as string));
      return new Response('{}');
    });
    await until(() => c.ids().length > 0);
    await box.flush();
    const dropped = c.stored.reduce((n, b) => n + (b.drop ?? 0), 0);
    expect(dropped + c.ids().length).toBe(100);
    expect(c.ids().at(-1)).toBe('p.99');
    box.stop();
  });

  it('sends chunks left by an earlier page load on the next load, once', async () => {
    const failing = collector(Array.from({ length: 100 }, () => ({ status: 503 })));
    const first = createOutbox({ ...cfg, retryBaseMs: 10_000, retryMaxMs: 10_000 }, store);
    await first.enable();
    for (let i = 0; i < 5; i++) first.push('s', 'p', ev(i));
    await first.flush();
    first.stop();
    expect(failing.ids()).toEqual([]);
    expect((await store.keys()).length).toBeGreaterThan(0);

    // The next load (Web Locks are absent in happy-dom: the 5-minute silence rule applies).
    const keys = await store.keys();
    const vals = await store.getMany(keys);
    await store.delMany(keys);
    for (const [i, k] of keys.entries()) await store.set([k[0] - 600_000, k[1], k[2], k[3]], vals[i]!);
    const c = collector();
    const second = createOutbox(cfg, store);
    await second.enable();
    await until(() => c.ids().length === 5);
    await second.flush();
    expect(c.ids()).toEqual(['p.0', 'p.1', 'p.2', 'p.3', 'p.4']);
    expect(await store.keys()).toEqual([]);
    second.stop();
  });

  it("claims a closing tab's chunks once its lock is free (a reload: the previous page still holds it)", async () => {
    // Web Locks, as Chromium implements them for these calls: a held name answers ifAvailable with null.
    const held = new Set<string>();
    const locks = {
      async request(name: string, opts: LockOptions | LockGrantedCallback<unknown>, cb?: LockGrantedCallback<unknown>) {
        const [o, f] = typeof opts === 'function' ? [{} as LockOptions, opts] : [opts, cb!];
        if (held.has(name)) {
          if (o.ifAvailable) return f(null);
          throw new Error('this fake does not queue');
        }
        held.add(name);
        try {
          return await f({ name, mode: 'exclusive' } as Lock);
        } finally {
          held.delete(name);
        }
      },
    };
    vi.stubGlobal('navigator', { onLine: true, locks });
    const failing = collector(Array.from({ length: 100 }, () => ({ status: 503 })));
    const closing = createOutbox({ ...cfg, retryBaseMs: 10_000, retryMaxMs: 10_000 }, store);
    await closing.enable();
    for (let i = 0; i < 5; i++) closing.push('s', 'p', ev(i));
    await closing.flush();
    expect(failing.ids()).toEqual([]);

    // The next page starts while the previous one still holds its lock: its chunks are not taken…
    const c = collector();
    const next = createOutbox(cfg, store);
    await next.enable();
    await next.flush();
    expect(c.ids()).toEqual([]);
    // …until it is gone: then the next send takes them, once.
    closing.stop();
    await until(() => c.ids().length === 5);
    await next.flush();
    expect(c.ids()).toEqual(['p.0', 'p.1', 'p.2', 'p.3', 'p.4']);
    expect(await store.keys()).toEqual([]);
    next.stop();
  });

  it('stores and sends nothing before enable, and nothing after disable', async () => {
    const c = collector();
    const box = createOutbox(cfg, store);
    box.push('s', 'p', ev(0));
    await new Promise((r) => setTimeout(r, 400));
    expect(await store.keys()).toEqual([]);
    expect(c.fetch).not.toHaveBeenCalled();
    await box.disable();
    await new Promise((r) => setTimeout(r, 50));
    expect(c.fetch).not.toHaveBeenCalled();
    box.stop();
  });

  it('still delivers when IndexedDB fails: the fallback is reported once and stores nothing', async () => {
    let fellBack = 0;
    vi.stubGlobal('indexedDB', {
      open() {
        throw new Error('blocked');
      },
    });
    const s = durableStore(() => fellBack++);
    await s.set([1, 'l', 0, 1], { s: 's', p: 'p', e: [1] });
    expect(fellBack).toBe(1);
    expect(await s.keys()).toEqual([]);
    const c = collector();
    const box = createOutbox(cfg, s);
    await box.enable();
    for (let i = 0; i < 60; i++) box.push('s', 'p', ev(i));
    await until(() => c.ids().length === 60);
    await box.flush();
    expect(c.ids()).toEqual(Array.from({ length: 60 }, (_, i) => 'p.' + i));
    expect(fellBack).toBe(1);
    box.stop();
  });

  it('lists chunk keys oldest first, as the bound and orphan adoption expect', async () => {
    await store.set([20, 'b', 0, 1], { s: 's', p: 'p', e: [1] });
    await store.set([10, 'z', 1, 1], { s: 's', p: 'p', e: [1] });
    await store.set([10, 'z', 0, 1], { s: 's', p: 'p', e: [1] });
    await store.set([10, 'a', 5, 1], { s: 's', p: 'p', e: [1] });
    expect(await store.keys()).toEqual([[10, 'a', 5, 1], [10, 'z', 0, 1], [10, 'z', 1, 1], [20, 'b', 0, 1]]);
  });
});

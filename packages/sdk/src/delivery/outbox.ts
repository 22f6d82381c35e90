import { buildDeliveries } from '../buffer/batches.ts';
import { keyId, type Chunk, type ChunkKey, type Store } from '../buffer/store.ts';
import { randomId } from '../core/ids.ts';
import { local } from '../core/local.ts';
import { report } from '../core/safe.ts';
import { retryDelay } from './backoff.ts';
import { beacon, post } from './transport.ts';

export interface OutboxConfig {
  site: string;
  endpoint: string;
  batchSize: number;
  flushIntervalMs: number;
  maxBufferedEvents: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

type Entry = [ChunkKey, Chunk];

/** Most events persisted in one chunk (one IndexedDB record). */
const CHUNK_EVENTS = 100;
/** Pending events are written to IndexedDB this soon after capture: one write per burst. */
const PERSIST_DELAY_MS = 250;

/**
 * The outbox owns every event from capture to the collector's 2xx:
 *
 * 1. `push` keeps an event in memory for at most PERSIST_DELAY_MS, then writes it to IndexedDB.
 *    Nothing is sent that was not written first, except at page hide, where the write and the
 *    beacon start together.
 * 2. Every page load has a load id and holds a Web Lock named after it for its lifetime. A load
 *    sends only its own chunks; chunks of a load whose lock is free (its tab is gone) are orphans,
 *    claimed by taking that lock — so two tabs never send the same chunk. A load whose lock is
 *    held is asked again at every send: the page a reload replaces holds its lock for a moment
 *    after the new one starts, and a tab closed later leaves its chunks to the tabs still open.
 * 3. A chunk is deleted only after the collector answered 2xx. Failures back off exponentially
 *    with jitter, honouring Retry-After; coming back online retries at once.
 * 4. At page hide the tab beacons its own unsent chunks — only while online and while the
 *    collector's last answer (to any tab, on any load) was not a failure, since a beacon's fate is
 *    unknowable — and records them in localStorage (synchronous,
 *    so the record outlives the tab) before deleting them; the next load deletes whatever the
 *    record names instead of sending it twice.
 * 5. The buffer is bounded: past `maxBufferedEvents` the oldest chunks are dropped, and the count
 *    rides on the next batch (`drop`).
 */
export function createOutbox(cfg: OutboxConfig, store: Store) {
  const url = cfg.endpoint.replace(/\/+$/, '') + '/v1/batch';
  const load = randomId(10);
  const beaconedKey = 'touchmap:b:' + cfg.site;
  /** Set while the collector's last answer was a failure, or the browser went offline since: beacons then wait for a confirmed send. */
  const failingKey = 'touchmap:f:' + cfg.site;
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  const tabLockName = (id: string) => 'touchmap:tab:' + id;

  let pending: [s: string, p: string, e: unknown][] = [];
  let seq = 0;
  /** Own chunks written and not yet delivered, oldest first, mirrored in memory for the beacon. */
  let own: Entry[] = [];
  /** Keys of other loads' chunks found at start: orphans, unless their tab is still alive. */
  let others: ChunkKey[] = [];
  /**
   * Loads whose lock was held when their chunks were to be claimed: asked again at every send,
   * since a tab that is only closing (a reload's previous page) still holds its lock for a moment,
   * and a tab that closes later leaves its chunks to whoever is still open.
   */
  const held = new Set<string>();
  /** Own chunks in a request right now: the page-hide beacon leaves them alone. */
  let inflight: Entry[] = [];
  let dropped = 0;
  let enabled = false;
  let stopped = false;
  let sending: Promise<void> | undefined;
  let attempt = 0;
  let retryAt = 0;
  let persistTimer: ReturnType<typeof setTimeout> | undefined;
  let sendTimer: ReturnType<typeof setTimeout> | undefined;
  let writes: Promise<unknown> = Promise.resolve();
  let releaseTabLock: (() => void) | undefined;
  let tabLock: Promise<unknown> = writes;

  const beaconed = (): string[] => local<string[]>(beaconedKey) ?? [];
  const setBeaconed = (ids: string[]) => local(beaconedKey, ids.length ? ids.slice(-1000) : null);

  const forget = (keys: ChunkKey[]) => {
    const done = keys.map(keyId);
    own = own.filter((e) => !done.includes(keyId(e[0])));
    others = others.filter((k) => !done.includes(keyId(k)));
  };

  /** Store writes run in order, after the tab lock is held (so no tab takes our chunks for orphans). */
  const write = (f: () => Promise<unknown>): Promise<unknown> => (writes = writes.then(() => tabLock).then(f).catch(report));

  const clearTimers = () => {
    clearTimeout(sendTimer);
    clearTimeout(persistTimer);
    sendTimer = persistTimer = undefined;
  };

  /** Writes pending events to IndexedDB as chunks (one per page view), enforcing the bound. */
  const persist = (): Promise<unknown> => {
    clearTimeout(persistTimer);
    persistTimer = undefined;
    if (!enabled || !pending.length) return writes;
    const chunks: Entry[] = [];
    for (const [s, p, e] of pending) {
      const last = chunks.at(-1);
      if (last && last[1].s === s && last[1].p === p && last[0][3] < CHUNK_EVENTS) last[1].e.push(e), last[0][3]++;
      else chunks.push([[Date.now(), load, seq++, 1], { s, p, e: [e] }]);
    }
    pending = [];
    // Over the bound: drop the oldest chunks (other loads' first: they are older) and count them,
    // carrying forward the counts that dropped chunks were themselves carrying.
    const victims: ChunkKey[] = [];
    let excess = [...others, ...own.map((e) => e[0]), ...chunks.map((e) => e[0])].reduce((n, k) => n + k[3], 0) - cfg.maxBufferedEvents;
    while (excess > 0 && (others.length || own.length || chunks.length)) {
      const [k, c] = (others.length ? [others.shift()!] : (own.shift() ?? chunks.shift()!)) as [ChunkKey, Chunk?];
      victims.push(k);
      excess -= k[3];
      dropped += k[3] + (c?.d ?? 0);
    }
    if (dropped && chunks[0]) {
      chunks[0][1].d = dropped;
      dropped = 0;
    }
    own.push(...chunks);
    return write(async () => {
      if (victims.length) {
        // Other loads' chunks may carry drop counts of their own. (Dropped new chunks were never
        // written: deleting their keys is a no-op.)
        for (const c of await store.getMany(victims.filter((k) => k[1] !== load))) dropped += c?.d ?? 0;
        await store.delMany(victims);
      }
      for (const [k, c] of chunks) await store.set(k, c);
    });
  };

  const schedule = (ms: number) => {
    if (stopped || !enabled) return;
    clearTimeout(sendTimer);
    sendTimer = setTimeout(() => {
      sendTimer = undefined;
      void send();
    }, Math.max(ms, retryAt - Date.now()));
  };

  /** Delivers one by one; false at the first retryable failure (the rest waits for the retry). */
  const deliverAll = async (entries: Entry[]): Promise<boolean> => {
    for (const d of buildDeliveries(cfg.site, entries, Date.now())) {
      for (const body of d.bodies) {
        const r = await post(url, body);
        local(failingKey, r > 0 || null);
        if (r > 0) return (retryAt = Date.now() + retryDelay(attempt++, cfg.retryBaseMs, cfg.retryMaxMs, r)), false;
        // A refused batch can never succeed; keeping it would block the queue for good.
        if (r) report('batch refused');
      }
      attempt = retryAt = 0;
      forget(d.keys);
      await write(() => store.delMany(d.keys));
    }
    return true;
  };

  /** Sends chunks of loads that are gone, each under that load's lock. */
  const sendOrphans = async (): Promise<boolean> => {
    for (const id of new Set([...held, ...others.map((k) => k[1])])) {
      let ok = true;
      const claim = async () => {
        // Read again under the lock: another tab may have delivered them meanwhile.
        const fresh = (await store.keys()).filter((k) => k[1] === id);
        const vals = await store.getMany(fresh);
        const found = fresh.map((k, i) => [k, vals[i]] as Entry).filter((e) => e[1]);
        // Ours now: what is not delivered below stays in `others`, for the next send.
        others = [...others.filter((k) => k[1] !== id), ...found.map((e) => e[0])];
        ok = await deliverAll(found);
      };
      if (locks)
        await locks.request(tabLockName(id), { ifAvailable: true }, (lock) => {
          if (lock) return held.delete(id), claim();
          // Held: that tab is alive and sends its own (its chunks leave the bound's count: they
          // are in its own); asked again at the next send.
          others = others.filter((k) => k[1] !== id);
          held.add(id);
        });
      // Without Web Locks, a load silent for 5 minutes is taken for gone.
      else if (others.every((k) => k[1] !== id || Date.now() - k[0] > 300_000)) await claim();
      if (!ok) return false;
    }
    return true;
  };

  const send = (): Promise<void> =>
    sending || !enabled || stopped
      ? (sending ?? Promise.resolve())
      : (sending = (async () => {
          try {
            await persist();
            // Offline: wait for the 'online' event (it sends at once), probing only at the longest
            // backoff in case the browser's offline flag is wrong. The collector's last answer
            // no longer vouches for it: until one comes back, a closing page trusts neither a
            // beacon nor a request in flight (a request sent as the browser came back online
            // and the page closed at once was taken for delivered, and was lost).
            if (!navigator.onLine) (retryAt = Math.max(retryAt, Date.now() + cfg.retryMaxMs)), local(failingKey, true);
            if (Date.now() >= retryAt && (await sendOrphans())) await deliverAll((inflight = own.slice()));
          } catch (e) {
            report(e);
          } finally {
            inflight = [];
            sending = undefined;
            if (own.length || others.length || held.size || pending.length) schedule(cfg.flushIntervalMs);
          }
        })());

  const onOnline = () => {
    attempt = retryAt = 0;
    void send();
  };

  return {
    /** Queues one event of page view `p` in session `s`. */
    push(s: string, p: string, e: unknown): void {
      if (stopped) return;
      pending.push([s, p, e]);
      // Before consent: memory only, bounded.
      if (!enabled) pending.length > cfg.maxBufferedEvents && pending.shift();
      else if (pending.length >= cfg.batchSize) void send();
      else {
        persistTimer ??= setTimeout(persist, PERSIST_DELAY_MS);
        if (!sendTimer && !sending) schedule(cfg.flushIntervalMs);
      }
    },
    /** Starts storing and sending (consent given, or not required). */
    async enable(): Promise<void> {
      if (enabled || stopped) return;
      enabled = true;
      if (locks)
        tabLock = new Promise<void>((granted) => {
          void locks.request(tabLockName(load), () => {
            granted();
            return new Promise<void>((r) => (releaseTabLock = r));
          });
        });
      addEventListener('online', onOnline);
      // Delete what earlier loads beaconed (their deletes may not have finished), adopt the rest.
      const sent = beaconed();
      const all = await store.keys().catch(() => [] as ChunkKey[]);
      const done = all.filter((k) => sent.includes(keyId(k)));
      if (done.length) await write(() => store.delMany(done));
      setBeaconed(beaconed().filter((id) => !sent.includes(id)));
      others = all.filter((k) => k[1] !== load && !sent.includes(keyId(k)));
      void send();
    },
    /** Stops storing and sending and deletes what this page had not delivered (consent withdrawn). */
    disable(): Promise<unknown> {
      enabled = false;
      pending = [];
      clearTimers();
      const mine = own.map((e) => e[0]);
      own = [];
      return (writes = writes.then(() => store.delMany(mine)).catch(report));
    },
    /** Sends everything now; resolves once delivered, or once a failure has been scheduled for retry. */
    flush: (): Promise<void> => (sending ? sending.then(send) : send()),
    /**
     * Page hide: persist what is pending and beacon this page's unsent chunks, synchronously.
     * Skipped while offline or while the collector is failing: the chunks wait in IndexedDB.
     */
    beaconAll(): void {
      if (!enabled || stopped) return;
      void persist();
      // Shared by the site's tabs and kept across loads: a collector that failed any tab's last
      // request gets no beacon, whose loss nobody would see; the chunks wait for a confirmed send.
      if (!navigator.onLine || local(failingKey)) return;
      // In-flight requests are keepalive: they outlive the page like a beacon, and are trusted like one.
      const viaBeacon: ChunkKey[] = [];
      for (const d of buildDeliveries(cfg.site, own.filter((e) => !inflight.includes(e)), Date.now())) {
        // sendBeacon's queue is capped (64 KiB in flight in Chromium): stop at the first refusal.
        if (!d.bodies.every((b) => beacon(url, b))) break;
        viaBeacon.push(...d.keys);
      }
      const sent = [...inflight.filter((e) => own.includes(e)).map((e) => e[0]), ...viaBeacon];
      if (!sent.length) return;
      setBeaconed([...beaconed(), ...sent.map(keyId)]);
      forget(viaBeacon);
      void write(() => store.delMany(viaBeacon));
    },
    stop(): void {
      stopped = true;
      clearTimers();
      removeEventListener('online', onOnline);
      releaseTabLock?.();
    },
  };
}

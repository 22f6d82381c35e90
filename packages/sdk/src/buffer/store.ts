import { createStore, promisifyRequest as done, type UseStore } from 'idb-keyval';

/** A chunk's key sorts oldest first: [time of its first event, load id, sequence, event count]. */
export type ChunkKey = [t: number, load: string, seq: number, n: number];

/** Events of one page view of one session, persisted together. */
export interface Chunk {
  /** Session id. */
  s: string;
  /** Page-view id. */
  p: string;
  /** Events, as they go on the wire. */
  e: unknown[];
  /** Events dropped (buffer full) before this chunk was written. */
  d?: number;
}

/** The handful of verbs the outbox needs, on IndexedDB through idb-keyval. */
export interface Store {
  set(k: ChunkKey, v: Chunk): Promise<void>;
  /** All keys, oldest first (IndexedDB orders array keys element by element). */
  keys(): Promise<ChunkKey[]>;
  getMany(ks: ChunkKey[]): Promise<(Chunk | undefined)[]>;
  delMany(ks: ChunkKey[]): Promise<void>;
}

/**
 * IndexedDB in its own database, so touchmap never touches the site's stores. Where IndexedDB is
 * missing or fails (some private modes, blocked storage), the store holds nothing from then on:
 * the outbox keeps its own unsent chunks in memory and delivers from there, so the page still
 * delivers and only the offline promise is lost (the switch is reported once). A memory copy
 * would add nothing: the store is only ever read for chunks of *other* loads, and without
 * IndexedDB there are none.
 */
export function durableStore(onFallback: (e: unknown) => void): Store {
  let idb: UseStore | undefined;
  const fail = (e: unknown) => {
    if (idb) onFallback(e);
    idb = undefined;
  };
  try {
    idb = createStore('touchmap', 'chunks');
  } catch (e) {
    onFallback(e);
  }
  // async: idb-keyval opens the database on first use, and a blocked `indexedDB.open` throws
  // synchronously.
  const run = async <T>(mode: IDBTransactionMode, f: (o: IDBObjectStore) => Promise<T>, empty: T): Promise<T> => {
    try {
      if (idb) return await idb(mode, f);
    } catch (e) {
      fail(e);
    }
    return empty;
  };
  // idb-keyval's connection handling with our four verbs on the object store: its keys/getMany
  // carry a cursor fallback for browsers without getAllKeys, which we don't support anyway.
  return {
    set: (k, v) => run('readwrite', (o) => (o.put(v, k), done(o.transaction)), undefined),
    keys: () => run('readonly', (o) => done(o.getAllKeys() as unknown as IDBRequest<ChunkKey[]>), []),
    getMany: (ks) => run('readonly', (o) => Promise.all(ks.map((k) => done<Chunk | undefined>(o.get(k)))), []),
    delMany: (ks) => run('readwrite', (o) => (ks.forEach((k) => o.delete(k)), done(o.transaction)), undefined),
  };
}

/** Identifies a chunk among all loads' chunks: load id and sequence. */
export const keyId = (k: ChunkKey): string => k[1] + '.' + k[2];

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

/** The handful of verbs the outbox needs; IndexedDB through idb-keyval, or memory. */
export interface Store {
  set(k: ChunkKey, v: Chunk): Promise<void>;
  keys(): Promise<ChunkKey[]>;
  getMany(ks: ChunkKey[]): Promise<(Chunk | undefined)[]>;
  delMany(ks: ChunkKey[]): Promise<void>;
}

export function memoryStore(): Store {
  const m = new Map<string, [ChunkKey, Chunk]>();
  const id = (k: ChunkKey) => k.join('\u0000');
  return {
    async set(k, v) {
      m.set(id(k), [k, v]);
    },
    async keys() {
      return [...m.values()].map((e) => e[0]).sort(compareKeys);
    },
    async getMany(ks) {
      return ks.map((k) => m.get(id(k))?.[1]);
    },
    async delMany(ks) {
      for (const k of ks) m.delete(id(k));
    },
  };
}

/**
 * IndexedDB in its own database, so touchmap never touches the site's stores. Where IndexedDB is
 * missing or fails (some private modes, blocked storage), every call from then on goes to memory:
 * the page still delivers, only the offline promise is lost, and the switch is reported once.
 */
export function durableStore(onFallback: (e: unknown) => void): Store {
  let mem: Store | undefined;
  let idb: UseStore | undefined;
  try {
    idb = createStore('touchmap', 'chunks');
  } catch (e) {
    onFallback(e);
    mem = memoryStore();
  }
  const run = async <T>(f: (s: UseStore) => Promise<T>, g: (s: Store) => Promise<T>): Promise<T> => {
    if (!mem) {
      try {
        return await f(idb!);
      } catch (e) {
        onFallback(e);
        mem = memoryStore();
      }
    }
    return g(mem);
  };
  // idb-keyval's connection handling with our four verbs on the object store: its keys/getMany
  // carry a cursor fallback for browsers without getAllKeys, which we don't support anyway.
  return {
    set: (k, v) => run((s) => s('readwrite', (o) => (o.put(v, k), done(o.transaction))), (m) => m.set(k, v)),
    keys: () => run((s) => s('readonly', (o) => done(o.getAllKeys() as unknown as IDBRequest<ChunkKey[]>)), (m) => m.keys()),
    getMany: (ks) => run((s) => s('readonly', (o) => Promise.all(ks.map((k) => done<Chunk | undefined>(o.get(k))))), (m) => m.getMany(ks)),
    delMany: (ks) => run((s) => s('readwrite', (o) => (ks.forEach((k) => o.delete(k)), done(o.transaction))), (m) => m.delMany(ks)),
  };
}

export function compareKeys(a: ChunkKey, b: ChunkKey): number {
  return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] - b[2]);
}

export const keyId = (k: ChunkKey): string => k[1] + '.' + k[2];

import type { Batch } from '@touchmap/protocol';
import { StoreUnavailable, type Ingested, type Site } from './store.ts';

/** A batch as received. */
export interface Received {
  site: Site;
  batch: Batch;
  receivedAt: number;
}

/** A batch waiting for its group's write (as received, or as the writer prepared it), and how to answer its sender. */
export type Pending<T = Received> = T & {
  resolve(r: Ingested): void;
  reject(e: unknown): void;
};

/**
 * Group writes, the shape both engines' writers share: batches that arrive while a write is under
 * way wait for the next, which takes them all (one commit, or one insert per table, for many
 * batches); `writeGroup` resolves each batch once its rows are durable. One batch the engine
 * refuses must not take the others of its group down with it, on every retry: a failed group is
 * written again one batch at a time, and only the ones that fail are refused — unless the store
 * is unreachable, which refuses them all alike.
 */
export function groupWrites<T = Received>(
  writeGroup: (group: Pending<T>[]) => Promise<void>,
  /** What a batch waits as: the writer's own form of it, made when it arrives (default: as received). */
  prepare: (site: Site, batch: Batch, receivedAt: number) => T = (site, batch, receivedAt) => ({ site, batch, receivedAt }) as T,
) {
  let queue: Pending<T>[] = [];
  let jobs: (() => Promise<void>)[] = [];
  let writing: Promise<void> | undefined;

  const drain = async () => {
    while (queue.length || jobs.length) {
      if (jobs.length) {
        const now = jobs;
        jobs = [];
        for (const job of now) await job();
        continue;
      }
      const group = queue;
      queue = [];
      try {
        await writeGroup(group);
      } catch (e) {
        if (group.length === 1 || e instanceof StoreUnavailable) for (const p of group) p.reject(e);
        else for (const p of group) await writeGroup([p]).catch((err: unknown) => p.reject(err));
      }
    }
    writing = undefined;
  };

  return {
    ingest(site: Site, batch: Batch, receivedAt: number) {
      return new Promise<Ingested>((resolve, reject) => {
        queue.push({ ...prepare(site, batch, receivedAt), resolve, reject });
        writing ??= drain();
      });
    },
    /**
     * Runs `job` between two group writes, with none under way: a change that the writes must
     * see whole (what a group copies where) happens before the next group or after it, never
     * during.
     */
    exclusive<R>(job: () => Promise<R>): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        jobs.push(() => job().then(resolve, reject));
        writing ??= drain();
      });
    },
    /** Resolves once every queued batch is written (or refused). */
    idle: () => writing ?? Promise.resolve(),
  };
}

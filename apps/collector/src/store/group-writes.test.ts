import { describe, expect, it } from 'vitest';
import type { Batch } from '@touchmap/protocol';
import { groupWrites } from './group-writes.ts';

const site = { id: 's', name: 's', key: 'k', origins: [] };
const batch = (bid: string) => ({ v: 1, site: 'k', sid: 's', pv: 'p', bid, sent: 0, events: [] }) as unknown as Batch;
const tick = () => new Promise((ok) => setTimeout(ok, 5));

describe('group writes', () => {
  it('runs an exclusive job between two groups, never during one', async () => {
    const log: string[] = [];
    const writes = groupWrites(async (group) => {
      const name = group.map((p) => p.batch.bid).join('+');
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      for (const p of group) p.resolve({ stored: 0, duplicates: 0 });
    });
    const a = writes.ingest(site, batch('a'), 0);
    const b = writes.ingest(site, batch('b'), 0);
    // Asked while group `a` is being written, with `b` waiting: it runs after `a`, before `b`.
    const job = writes.exclusive(async () => {
      log.push('job start');
      await tick();
      log.push('job end');
      return 42;
    });
    const c = writes.ingest(site, batch('c'), 0);
    expect(await job).toBe(42);
    await Promise.all([a, b, c]);
    expect(log).toEqual(['start a', 'end a', 'job start', 'job end', 'start b+c', 'end b+c']);
  });

  it('an exclusive job that fails rejects its caller and stops no write', async () => {
    const writes = groupWrites(async (group) => {
      for (const p of group) p.resolve({ stored: 1, duplicates: 0 });
    });
    const job = writes.exclusive(async () => {
      throw new Error('no');
    });
    const a = writes.ingest(site, batch('a'), 0);
    await expect(job).rejects.toThrow('no');
    expect(await a).toEqual({ stored: 1, duplicates: 0 });
  });
});

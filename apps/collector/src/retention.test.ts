import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { scheduleRetention } from './retention.ts';
import type { Expired, Store } from './store/store.ts';

const DAY = 86_400_000;

describe('scheduleRetention', () => {
  it('applies the setting at start and then on every period, and stops', async () => {
    const cutoffs: number[] = [];
    const store = { applyRetention: async (cutoff: number): Promise<Expired> => (cutoffs.push(cutoff), { events: 1, pageViews: 0, before: cutoff }) } as Store;
    const lines: Record<string, unknown>[] = [];
    const log = pino({ base: undefined }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const start = Date.now();
    const retention = scheduleRetention(store, 30, log, 50);
    await vi.waitFor(() => expect(cutoffs.length).toBeGreaterThanOrEqual(3));
    await retention.stop();
    const runs = cutoffs.length;
    await new Promise((done) => setTimeout(done, 150));
    expect(cutoffs).toHaveLength(runs);
    expect(Math.abs(cutoffs[0]! - (start - 30 * DAY))).toBeLessThan(1000);
    expect(lines[0]).toMatchObject({ msg: 'retention applied', retentionDays: 30, removed: { events: 1, pageViews: 0 } });
  });

  it('does nothing when retention is off (0 days), and logs a failure without throwing', async () => {
    const off = vi.fn();
    await scheduleRetention({ applyRetention: off } as unknown as Store, 0, pino({ level: 'silent' })).stop();
    expect(off).not.toHaveBeenCalled();
    const lines: Record<string, unknown>[] = [];
    const log = pino({ base: undefined }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const failing = scheduleRetention({ applyRetention: () => Promise.reject(new Error('disk full')) } as unknown as Store, 7, log);
    await failing.stop();
    expect(lines).toEqual([expect.objectContaining({ msg: 'retention failed', retentionDays: 7, err: expect.objectContaining({ message: 'disk full' }) })]);
  });
});

import { describe, expect, it } from 'vitest';
import { createRhythms } from './rhythm.ts';

describe('the pace of nodes that change by themselves', () => {
  const clock = {};
  /** A node changing alone every `ms` from `from`, `n` times; which changes were ticks. */
  const ticks = (keeps: ReturnType<typeof createRhythms>, node: object, from: number, ms: number, n: number) =>
    Array.from({ length: n }, (_, i) => keeps(node, from + i * ms, true));

  it('takes no change for a tick until the node has changed alone once after a first change', () => {
    const keeps = createRhythms();
    expect(ticks(keeps, clock, 1000, 1000, 4)).toEqual([false, false, true, true]);
  });

  it('takes a change sooner than its pace for no tick, and counts the pace from there', () => {
    const keeps = createRhythms();
    const carousel = {};
    ticks(keeps, carousel, 1000, 1000, 3);
    // An arrow turns it at once (the visitor is there), and its timer starts again from there.
    expect(keeps(carousel, 3300, false)).toBe(false);
    expect(keeps(carousel, 4300, false)).toBe(true);
    expect(keeps(carousel, 5300, false)).toBe(true);
  });

  it('takes jitter for ticks, and an uneven pace by its shortest and longest intervals', () => {
    const keeps = createRhythms();
    expect([1000, 2004, 2998, 4001].map((t) => keeps(clock, t, true))).toEqual([false, false, true, true]);
    // A slide of a three-slide carousel: active, inactive 1.3 s later, active 2.6 s after that.
    const slide = {};
    expect([0, 1300, 3900, 5200, 7800].map((t) => keeps(slide, t, true))).toEqual([false, false, false, true, true]);
  });

  it('takes a change long after the node last kept its pace for no tick', () => {
    const keeps = createRhythms();
    const list = {};
    // Rendered twice as the page loaded, then left alone: a change half a minute later is news.
    expect([200, 600].map((t) => keeps(list, t, true))).toEqual([false, false]);
    expect(keeps(list, 30_000, false)).toBe(false);
  });

  it('learns nothing from changes the visitor may have caused', () => {
    const keeps = createRhythms();
    const badge = {};
    expect([1000, 2000, 3000, 4000, 5000].map((t) => keeps(badge, t, false))).toEqual([false, false, false, false, false]);
  });

  it('learns nothing from changes a moment apart (a framework rendering twice)', () => {
    const keeps = createRhythms();
    const list = {};
    expect([0, 20, 60, 90, 110].map((t) => keeps(list, t, true))).toEqual([false, false, false, false, false]);
  });

  it("takes an animation's frames as what the run's first change was", () => {
    const keeps = createRhythms();
    const track = {};
    /** A run of 20 frames 16 ms apart from `from`: whether each was a tick. */
    const run = (from: number, alone: boolean) => Array.from({ length: 20 }, (_, i) => keeps(track, from + i * 16, alone));
    // A slider eased by requestAnimationFrame, turning every second by itself.
    for (const from of [0, 1000, 2000]) run(from, true);
    expect(run(3000, true).every(Boolean)).toBe(true);
    // Sent on by its arrow 400 ms into a pause: that run answers, every frame of it.
    expect(run(3700, false).some(Boolean)).toBe(false);
  });

  it('gives the records of one delivery one answer', () => {
    const keeps = createRhythms();
    ticks(keeps, clock, 1000, 1000, 3);
    expect(keeps(clock, 4000, true)).toBe(true);
    expect(keeps(clock, 4000, true)).toBe(true);
    expect(keeps(clock, 4100, false)).toBe(false);
    expect(keeps(clock, 4100, false)).toBe(false);
  });

  it('keeps each node to its own pace', () => {
    const keeps = createRhythms();
    const carousel = {};
    ticks(keeps, clock, 1000, 1000, 3);
    expect(keeps(carousel, 3500, true)).toBe(false);
    expect(keeps(clock, 4000, true)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { detectUTurn } from './quick-back.ts';
import { isRage } from './rage-click.ts';
import { createReversalCounter } from './scroll.ts';
import { createThrashCounter } from './thrash.ts';

describe('isRage', () => {
  it('is rage when fast clicks go unanswered', () => {
    expect(isRage(3, 3, () => false)).toBe(true);
  });
  it('is not rage below the click count', () => {
    expect(isRage(2, 3, () => false)).toBe(false);
  });
  it('is not rage when every click is answered (stepper, carousel)', () => {
    expect(isRage(8, 3, () => true)).toBe(false);
  });
  it('is not rage when all but one click are answered', () => {
    expect(isRage(3, 3, (i) => i > 0)).toBe(false);
  });
  it('is rage when only the first click was answered (a frozen button after a spinner)', () => {
    expect(isRage(4, 3, (i) => i === 0)).toBe(true);
  });
  it('asks about every click once', () => {
    const asked: number[] = [];
    isRage(3, 3, (i) => (asked.push(i), true));
    expect(asked).toEqual([0, 1, 2]);
  });
  it('asks nothing about a burst too short to be rage', () => {
    const asked: number[] = [];
    isRage(2, 3, (i) => (asked.push(i), false));
    expect(asked).toEqual([]);
  });
});

describe('thrash counter', () => {
  it('reports when direction changes reach the threshold inside the window', () => {
    const count = createThrashCounter(20, 2000);
    let reported = 0;
    for (let i = 0; i < 30 && !reported; i++) reported = count(i % 2 ? 100 : 0, 50, i * 40);
    expect(reported).toBe(20);
  });
  it('ignores slow back-and-forth and 1 px jitter', () => {
    const slow = createThrashCounter(20, 2000);
    let hit = 0;
    for (let i = 0; i < 60; i++) hit ||= slow(i % 2 ? 100 : 0, 50, i * 500);
    expect(hit).toBe(0);
    const jitter = createThrashCounter(20, 2000);
    for (let i = 0; i < 60; i++) hit ||= jitter(100 + (i % 2), 50 + (i % 2), i * 10);
    expect(hit).toBe(0);
  });
  it('counts x and y apart', () => {
    const count = createThrashCounter(4, 2000);
    const pts = [
      [0, 0],
      [50, 50],
      [0, 0],
      [50, 50],
    ];
    let n = 0;
    pts.forEach(([x, y], i) => (n ||= count(x!, y!, i * 10)));
    expect(n).toBe(4);
  });
});

describe('scroll reversal counter', () => {
  it('reports after the third long reversal inside the window', () => {
    const c = createReversalCounter(3, 10_000);
    const ys = [0, 400, 800, 400, 0, 400, 800, 400];
    const out = ys.map((y, i) => c.add(y, i * 500, 200));
    expect(out.filter(Boolean)).toEqual([3]);
    expect(out.indexOf(3)).toBe(7);
  });
  it('ignores short reversals and resets on click', () => {
    const c = createReversalCounter(3, 10_000);
    const out = [0, 50, 0, 50, 0, 50, 0].map((y, i) => c.add(y, i * 100, 200));
    expect(out.every((n) => n === 0)).toBe(true);
    const d = createReversalCounter(3, 10_000);
    [0, 400, 0, 400].forEach((y, i) => d.add(y, i * 100, 200));
    d.reset();
    expect([0, 400].map((y, i) => d.add(y, 1000 + i * 100, 200))).toEqual([0, 0]);
  });
  it('forgets reversals older than the window', () => {
    const c = createReversalCounter(3, 1000);
    const out = [0, 400, 0, 400, 0, 400].map((y, i) => c.add(y, i * 800, 200));
    expect(out.every((n) => n === 0)).toBe(true);
  });
});

describe('detectUTurn', () => {
  const h = [
    { u: '/a', a: 0, l: 10_000 },
    { u: '/b', a: 10_000, l: 12_000 },
  ];
  it('a back navigation soon after arriving is a quick back', () => {
    expect(detectUTurn(h, '/a', 12_050, 'back_forward', 5000, 10_000)).toEqual({ url: '/b', ms: 2000 });
  });
  it('a back navigation after a long stay is not', () => {
    const long = [h[0]!, { u: '/b', a: 10_000, l: 60_000 }];
    expect(detectUTurn(long, '/a', 60_050, 'back_forward', 5000, 10_000)).toBeUndefined();
  });
  it('returning to the previous page by a link within uTurnMs is a u-turn', () => {
    expect(detectUTurn(h, '/a', 15_000, 'navigate', 5000, 10_000)).toEqual({ url: '/b', ms: 2000 });
    expect(detectUTurn(h, '/a', 25_000, 'navigate', 5000, 10_000)).toBeUndefined();
  });
  it('going forward to a new page is not', () => {
    expect(detectUTurn(h, '/c', 12_050, 'navigate', 5000, 10_000)).toBeUndefined();
    expect(detectUTurn([], '/a', 0, 'navigate', 5000, 10_000)).toBeUndefined();
  });
});

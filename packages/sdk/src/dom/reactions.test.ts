// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createListeners } from '../core/listen.ts';
import { createReactions } from './reactions.ts';

// The answer log as the detectors read it: what came after a press, within a time, before the
// next press. Presses are marked as a keyboard click marks one (no pointerdown before it).
describe('the answers a press got', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['performance', 'setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  const start = () => {
    const l = createListeners();
    const r = createReactions(l, 'https://collector.example', 1000);
    const press = () => r.mark(new Event('click'));
    return { l, r, press };
  };

  it('finds an answer of the asked kinds after the press, not one before it or of another kind', () => {
    const { l, r, press } = start();
    vi.advanceTimersByTime(5000);
    r.push('s'); // no press is being watched: not logged
    const m = press();
    vi.advanceTimersByTime(50);
    r.push('m');
    expect(r.any(m, 500, 'm')).toBe(true);
    expect(r.any(m, 500, 'sl')).toBe(false);
    l.stopAll();
  });

  it('counts an answer only within the time asked', () => {
    const { l, r, press } = start();
    vi.advanceTimersByTime(5000);
    const m = press();
    vi.advanceTimersByTime(600);
    r.push('f');
    expect(r.any(m, 500, 'f')).toBe(false);
    expect(r.any(m, 700, 'f')).toBe(true);
    l.stopAll();
  });

  it('gives what follows the next press to that press, press after press', () => {
    const { l, r, press } = start();
    vi.advanceTimersByTime(5000);
    const seen: [boolean, boolean][] = [];
    let before = press();
    // Presses 1.1 s apart (each its own press), each followed by scrolls and, except every third,
    // by a DOM change: asked after each, for it and for the press before it (whose answer is its
    // own, not this one's).
    for (let i = 0; i < 12; i++) {
      vi.advanceTimersByTime(1100);
      const m = press();
      for (let j = 0; j < 20; j++) vi.advanceTimersByTime(5), r.push('s');
      if (i % 3) r.push('m');
      seen.push([r.any(m, 500, 'm'), r.any(before, Infinity, 'm')]);
      before = m;
    }
    expect(seen).toEqual(seen.map((_, i) => [!!(i % 3), i > 0 && !!((i - 1) % 3)]));
    l.stopAll();
  });
});

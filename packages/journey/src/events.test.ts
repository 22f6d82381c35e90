import { describe, expect, it } from 'vitest';
import { sessionize, SESSION_IDLE_MS } from './events.ts';
import { attachSignals } from './signals.ts';
import { hitsOf, touchpointMatcher } from './match.ts';
import { dead, rage, session, shop } from './fixture.test-support.ts';

describe('sessionize', () => {
  it('cuts a session after 30 minutes idle and after an explicit end; knows which have ended', () => {
    const events = [
      ...session('a', ['/', '/cart'], 0),
      ...session('a', ['/product/1'], 1000 + SESSION_IDLE_MS + 1),
      ...session('b', ['/', { k: 'end' }, '/cart'], 0),
    ].map((e, i) => ({ ...e, id: `e${i}` }));
    const s = sessionize(events, 10 * SESSION_IDLE_MS);
    expect(s.map((x) => [x.id, x.events.length, x.ended])).toEqual([
      ['a', 2, true],
      ['a#1', 1, true],
      ['b', 2, true],
      ['b#1', 1, true],
    ]);
    // Exactly 30 minutes is still the same session; the last session of an id is open while recent.
    const open = sessionize([...session('c', ['/'], 0), ...session('c', ['/cart'], SESSION_IDLE_MS)], SESSION_IDLE_MS + 1000);
    expect(open.map((x) => [x.id, x.events.length, x.ended])).toEqual([['c', 2, false]]);
  });
  it('orders events by time whatever order they arrive in', () => {
    const [x] = sessionize([...session('d', ['/cart'], 5000), ...session('d', ['/'], 0)], 1e12);
    expect(x!.events.map((e) => (e.k === 'pv' ? e.url : e.k))).toEqual(['/', '/cart']);
  });
});

describe('signals attach to the touchpoints they hurt', () => {
  it('by selector, by page, else to the step the visitor was on in that page view', () => {
    const j = { ...shop, touchpoints: [...shop.touchpoints, { id: 'coupon', stage: 'decision', match: { selector: '#coupon' } }] };
    const [s] = sessionize(session('x', ['/cart', dead('#coupon'), '/checkout/shipping', rage('#logo'), 'step:shipping', rage('#continue'), '/help', dead('#faq')]), 1e12);
    const signals = attachSignals(j, s!, hitsOf(s!, touchpointMatcher(j)));
    expect(signals.map((x) => [x.kind, x.sel, x.touchpoints])).toEqual([
      ['dead', '#coupon', ['coupon', 'cart']], // its own element, and the /cart page
      ['rage', '#logo', []], // before the shipping step was reached in this page view: nothing yet
      ['rage', '#continue', ['shipping']],
      ['dead', '#faq', []], // a page no touchpoint covers
    ]);
  });
});

import type { EventBody } from '@touchmap/protocol';
import { describe, expect, it } from 'vitest';
import { sessionKey } from '../core/session.ts';
import { recordKey } from './chunk.ts';
import { abandonOf, inSample, openFunnels, triggerOf } from './rules.ts';

const funnels = { checkout: ['cart', 'shipping', 'payment', 'confirmation'], signup: ['form', 'done'] };
const at = { touchpoints: ['pricing-cta'], complete: ['checkout'], abandon: ['checkout'] };
const step = (f: string, s: string): EventBody => ({ k: 'step', f, s });
const click = (tp?: string): EventBody => ({ k: 'click', sel: 'a', ox: 0, oy: 0, x: 0, y: 0, sx: 0, sy: 0, vw: 1, vh: 1, tp });

describe('triggerOf', () => {
  it('a listed touchpoint, from touchpoint() or a click inside data-touchpoint', () => {
    expect(triggerOf(at, funnels, { k: 'tp', name: 'pricing-cta' })).toEqual(['pricing-cta', 'touchpoint']);
    expect(triggerOf(at, funnels, click('pricing-cta'))).toEqual(['pricing-cta', 'touchpoint']);
    expect(triggerOf(at, funnels, { k: 'tp', name: 'other' })).toBeUndefined();
    expect(triggerOf(at, funnels, click())).toBeUndefined();
    // A custom event named like the touchpoint is not the touchpoint.
    expect(triggerOf(at, funnels, { k: 'track', name: 'pricing-cta' })).toBeUndefined();
  });
  it('completion is the last listed step of a funnel in at.complete, and only that', () => {
    expect(triggerOf(at, funnels, step('checkout', 'confirmation'))).toEqual(['checkout:confirmation', 'complete']);
    expect(triggerOf(at, funnels, step('checkout', 'payment'))).toBeUndefined();
    // Not listed in at.complete, or no steps known for it: never complete.
    expect(triggerOf(at, funnels, step('signup', 'done'))).toBeUndefined();
    expect(triggerOf({ complete: ['newsletter'] }, funnels, step('newsletter', 'done'))).toBeUndefined();
  });
  it('nothing configured, nothing asked', () => {
    expect(triggerOf({}, {}, step('checkout', 'confirmation'))).toBeUndefined();
    expect(triggerOf({}, {}, { k: 'tp', name: 'pricing-cta' })).toBeUndefined();
  });
  it('a where longer than a name allows is cut to 100 characters', () => {
    const long = 'x'.repeat(80);
    const [where] = triggerOf({ complete: [long] }, { [long]: [long] }, step(long, long))!;
    expect(where).toHaveLength(100);
  });
});

describe('openFunnels and abandonOf', () => {
  it('a funnel of at.abandon opens on any step, follows the latest step, closes on its last', () => {
    let open: Record<string, string> = {};
    open = openFunnels(at, funnels, open, step('checkout', 'cart'));
    expect(open).toEqual({ checkout: 'cart' });
    open = openFunnels(at, funnels, open, step('checkout', 'payment'));
    expect(open).toEqual({ checkout: 'payment' });
    expect(abandonOf(open)).toEqual(['checkout:payment', 'abandon']);
    open = openFunnels(at, funnels, open, step('checkout', 'confirmation'));
    expect(open).toEqual({});
    expect(abandonOf(open)).toBeUndefined();
  });
  it('returns the same object when nothing changes, so nothing is written', () => {
    const open = { checkout: 'cart' };
    expect(openFunnels(at, funnels, open, step('checkout', 'cart'))).toBe(open);
    expect(openFunnels(at, funnels, open, step('signup', 'form'))).toBe(open);
    expect(openFunnels(at, funnels, open, { k: 'tp', name: 'pricing-cta' })).toBe(open);
    const none = {};
    // Reaching the last step of a funnel never opened (a reload of the confirmation) changes nothing.
    expect(openFunnels(at, funnels, none, step('checkout', 'confirmation'))).toBe(none);
  });
  it('a funnel whose steps are not listed stays open once started', () => {
    expect(openFunnels({ abandon: ['quote'] }, funnels, {}, step('quote', 'sent'))).toEqual({ quote: 'sent' });
  });
  it('no open funnel, no abandonment', () => {
    expect(abandonOf(undefined)).toBeUndefined();
    expect(abandonOf({})).toBeUndefined();
  });
});

describe('inSample', () => {
  it('rate 1 takes every session, 0 none; the share follows the rate', () => {
    expect(inSample('zzzz', 1)).toBe(true);
    expect(inSample('0000', 0)).toBe(false);
    expect(inSample('i000', 0.5)).toBe(false);
    expect(inSample('hzzz', 0.5)).toBe(true);
    const ids = Array.from({ length: 36 * 36 }, (_, i) => (i % 36).toString(36) + Math.floor(i / 36).toString(36) + '00');
    expect(ids.filter((id) => inSample(id, 0.25)).length / ids.length).toBeCloseTo(0.25, 1);
  });
  it('is the same decision for the same session', () => {
    expect(inSample('abcd1234', 0.3)).toBe(inSample('abcd5678', 0.3));
  });
});

it('the chunk reads the session record the core writes', () => {
  expect(recordKey('demo')).toBe(sessionKey('demo'));
});

import { describe, expect, it } from 'vitest';
import { checkJourney, DEFAULT_STAGES } from './definition.ts';
import { compilePattern, pagePath, patternRegex } from './pattern.ts';

describe('checkJourney', () => {
  it('accepts a journey and fills in the default stages', () => {
    const r = checkJourney({ touchpoints: [{ id: 'home', stage: 'awareness', match: { url: '/' } }] });
    expect(r.ok && r.journey.stages.map((s) => s.id)).toEqual([...DEFAULT_STAGES]);
    expect(r.ok && r.journey.funnels).toEqual([]);
  });
  it('takes renamed, reordered and dropped stages', () => {
    const r = checkJourney({ stages: [{ id: 'discover', name: 'Discover' }, { id: 'buy' }], touchpoints: [{ id: 'pay', stage: 'buy', match: { step: 'checkout:payment' } }] });
    expect(r.ok).toBe(true);
  });
  it('names every problem and where it is', () => {
    const r = checkJourney({
      stages: [{ id: 'discover' }, { id: 'buy' }, { id: 'buy' }],
      touchpoints: [
        { id: 'home', stage: 'discover', match: { url: '/' } },
        { id: 'home', stage: 'buy', match: { url: '/cart' } },
        { id: 'pay', stage: 'checkout', match: { step: 'checkout:payment' } },
      ],
      funnels: [{ id: 'checkout', steps: ['home', 'shipping'] }],
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([
      'stages.2.id: duplicate id "buy"',
      'touchpoints.1.id: duplicate id "home"',
      'touchpoints.2.stage: unknown stage "checkout" (stages: discover, buy)',
      'funnels.0.steps.1: step "shipping" matches no touchpoint',
    ]);
  });
  it('refuses malformed parts with the field path', () => {
    const bad = (journey: unknown) => {
      const r = checkJourney(journey);
      return r.ok ? [] : r.errors;
    };
    expect(bad({ touchpoints: [{ id: 'x', stage: 'awareness', match: {} }] })).toEqual(['touchpoints.0.match: a touchpoint needs at least one of url, selector, touchpoint, track, step']);
    expect(bad({ touchpoints: [{ id: 'x', stage: 'awareness', match: { url: 'cart' } }] })[0]).toMatch(/^touchpoints\.0\.match\.url: url patterns start with \//);
    expect(bad({ touchpoints: [{ id: 'x', stage: 'awareness', match: { step: 'payment' } }] })[0]).toMatch(/^touchpoints\.0\.match\.step: steps are written funnel:step/);
    expect(bad({ touchpoints: [{ id: 'has space', stage: 'awareness', match: { url: '/' } }] })[0]).toMatch(/^touchpoints\.0\.id: ids are/);
    expect(bad({ touchpoints: [{ id: 'a', stage: 'awareness', match: { url: '/' } }], funnels: [{ id: 'f', steps: ['a'] }] })[0]).toMatch(/^funnels\.0\.steps: a funnel needs at least two steps/);
    expect(bad({ touchpoints: [{ id: 'a', stage: 'awareness', match: { url: '/' }, colour: 'red' }] })[0]).toMatch(/^touchpoints\.0\.colour: /);
    expect(bad({ touchpoints: [{ id: 'a', stage: 'awareness', match: { url: '/' } }], funnels: [{ id: 'f', steps: ['a', 'a'] }] })).toEqual(['funnels.0.steps.1: step "a" appears twice']);
  });
});

describe('URL patterns', () => {
  it('match segments, parameters and a trailing wildcard; ignore the query', () => {
    const product = compilePattern('/product/:id');
    expect(['/product/12', '/product/12?ref=x', '/product/a-b#top'].map(product)).toEqual([true, true, true]);
    expect(['/product', '/product/', '/product/12/reviews', '/products/12'].map(product)).toEqual([false, false, false, false]);
    const checkout = compilePattern('/checkout/*');
    expect(['/checkout', '/checkout/shipping', '/checkout/a/b', '/check'].map(checkout)).toEqual([true, true, true, false]);
    expect(compilePattern('/')('/?utm_source=x')).toBe(true);
    expect(compilePattern('/')('/cart')).toBe(false);
  });
});

describe('hash routes', () => {
  it('a hash router route is part of the page; an anchor, the query and the empty route are not', () => {
    expect(['/#/cart', '/app#/cart?x=1', '/app/?q=1#!/cart', '/#/', '/#reviews', '/p?x#y', '', '/#/product/12/'].map(pagePath)).toEqual([
      '/#/cart',
      '/app/#/cart',
      '/app/#/cart',
      '/',
      '/',
      '/p',
      '/',
      '/#/product/12/',
    ]);
  });
  it('patterns of routes match routes only; a parameter never matches the route marker', () => {
    const product = compilePattern('/#/product/:id');
    expect(['/#/product/12', '/#!/product/12?ref=x', '/product/12', '/#/product'].map(product)).toEqual([true, true, false, false]);
    expect(['/#/cart', '/cart', '/'].map(compilePattern('/:page'))).toEqual([false, true, false]);
    expect(['/app/#/cart', '/app/cart'].map(compilePattern('/app/*'))).toEqual([true, true]);
  });
});

describe('patternRegex', () => {
  it('agrees with compilePattern on every case (over the page path, which the stores compute)', () => {
    const urls = ['/', '/product', '/product/', '/product/12', '/product/12/reviews', '/products/12', '/checkout', '/checkout/shipping', '/checkout/a/b', '/check', '/a.b', '/axb', '/x(1)'];
    urls.push('/#/cart', '/#/product/12', '/app#/product/12?x', '/checkout/#/pay', '/#reviews', '/#/');
    for (const pattern of ['/', '/product/:id', '/product/:id/reviews', '/checkout/*', '/a.b', '/x(1)', '/:any', '/#/product/:id', '/app/#/product/:id', '/#/*', '/:a/*']) {
      const re = new RegExp(patternRegex(pattern));
      expect(urls.map((u) => re.test(pagePath(u))), pattern).toEqual(urls.map(compilePattern(pattern)));
    }
  });
});

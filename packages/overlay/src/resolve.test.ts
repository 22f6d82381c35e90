// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { createResolver, findElement } from './resolve.ts';
import { pageFunnels, pageTouchpoints } from './touchpoints.ts';
import { currentUrl } from './overlay.tsx';

describe('findElement', () => {
  it('follows ` >> ` into open shadow roots; a broken or missing selector finds nothing', () => {
    document.body.innerHTML = '<div id="host"></div><button data-testid="pay">Pay</button>';
    const root = document.getElementById('host')!.attachShadow({ mode: 'open' });
    root.innerHTML = '<span><button class="inner">x</button></span>';
    expect(findElement('#host >> button.inner')).toBe(root.querySelector('button'));
    expect(findElement('button[data-testid="pay"]')?.textContent).toBe('Pay');
    expect(findElement('button[data-x="<img src=x onerror=1>"]')).toBeNull();
    expect(findElement('##nope')).toBeNull();
    expect(findElement('#nope >> button')).toBeNull();
  });

  it('caches lookups until reset, and drops elements that left the page', () => {
    document.body.innerHTML = '<p id="a">1</p>';
    const r = createResolver();
    const first = r.find('#a');
    document.body.innerHTML = '<p id="a">2</p>';
    expect(r.find('#a')).not.toBe(first);
    expect(r.find('#a')?.textContent).toBe('2');
    document.body.insertAdjacentHTML('beforeend', '<p id="b"></p>');
    expect(r.find('#b')).not.toBeNull();
    r.reset();
  });
});

describe('page touchpoints', () => {
  it("are the journey's touchpoints whose URL pattern, selector or data attribute is on this page", () => {
    document.body.innerHTML = '<section data-funnel-step="checkout:payment"><button id="pay" data-touchpoint="pay-now">Pay</button></section>';
    const journey = {
      stages: [{ id: 'decision' }],
      touchpoints: [
        { id: 'product', stage: 'decision', match: { url: '/product/:id' } },
        { id: 'payment', stage: 'decision', match: { step: 'checkout:payment' } },
        { id: 'pay', stage: 'decision', match: { touchpoint: 'pay-now' } },
        { id: 'coupon', stage: 'decision', match: { selector: '#coupon' } },
        { id: 'button', stage: 'decision', match: { selector: '#pay' } },
        { id: 'bought', stage: 'decision', match: { track: 'purchase' } },
      ],
      funnels: [
        { id: 'checkout', steps: ['product', 'payment'] },
        { id: 'coupons', steps: ['coupon', 'bought'] },
      ],
    };
    const here = pageTouchpoints(journey, '/checkout/payment');
    expect(here.map((t) => t.id)).toEqual(['payment', 'pay', 'button']);
    expect(pageTouchpoints(journey, '/product/12').map((t) => t.id)).toContain('product');
    expect(pageFunnels(journey, here).map((f) => f.id)).toEqual(['checkout']);
  });

  it("reads this page's URL as the SDK records it, without the overlay's parameter", () => {
    expect(currentUrl({ pathname: '/p', search: '?id=2&touchmap=overlay' } as Location)).toBe('/p?id=2');
    expect(currentUrl({ pathname: '/p', search: '?touchmap=overlay' } as Location)).toBe('/p');
    // A hash router's route is part of the page; an anchor and the router's home are not.
    expect(currentUrl({ pathname: '/', search: '?touchmap=overlay', hash: '#!/orders/7' } as Location)).toBe('/#!/orders/7');
    expect(currentUrl({ pathname: '/p', search: '', hash: '#reviews' } as Location)).toBe('/p');
    expect(currentUrl({ pathname: '/p', search: '', hash: '#/' } as Location)).toBe('/p');
  });
});
